import type { Database } from 'better-sqlite3'

/**
 * The fleet view's own tables, so the Assess screen never parses stored assessment documents:
 *
 * - `assessed_computers`: one row per assessment with the computer it is of (reported name, else
 *   scan target, else file name) and a case-folded key, indexed so "the newest assessment of each
 *   computer" is an index walk.
 * - `missing_findings`: one row per missing update (with a KB) of an assessment, with what the
 *   fleet list aggregates (severity, exploited, KEV, release date, CVEs) and what the affected
 *   computers list shows (the mitigating factors found for that KB on that host).
 * - `missing_cve_lists`: each distinct CVE list once. Every computer missing a KB mostly lists the
 *   same CVEs, so a finding holds a small id and the fleet list parses each list once, not once per
 *   computer; the rows and the covering index stay small, which keeps writes cheap.
 *
 * Both are written with the assessment (store/assessments.ts) and go with it (ON DELETE CASCADE).
 * Existing stores are filled here from their stored documents, in SQL, so this migration does not
 * depend on code that may change later.
 */
export function migrate0008(db: Database): void {
  db.exec(`
    CREATE TABLE assessed_computers (
      assessment_id INTEGER PRIMARY KEY REFERENCES assessments (id) ON DELETE CASCADE,
      computer      TEXT NOT NULL,
      computer_key  TEXT NOT NULL,
      assessed_at   TEXT NOT NULL
    ) STRICT;
    CREATE INDEX assessed_computers_newest ON assessed_computers (computer_key, assessed_at DESC, assessment_id DESC);

    CREATE TABLE missing_cve_lists (
      id   INTEGER PRIMARY KEY,
      cves TEXT NOT NULL UNIQUE
    ) STRICT;

    CREATE TABLE missing_findings (
      id            INTEGER PRIMARY KEY,
      assessment_id INTEGER NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
      kb            TEXT NOT NULL,
      product       TEXT,
      severity      TEXT CHECK (severity IN ('Critical', 'Important', 'Moderate', 'Low')),
      exploited     INTEGER NOT NULL CHECK (exploited IN (0, 1)),
      kev           INTEGER NOT NULL CHECK (kev IN (0, 1)),
      release_date  TEXT,
      cve_list_id   INTEGER NOT NULL REFERENCES missing_cve_lists (id),
      mitigations   TEXT NOT NULL
    ) STRICT;
    CREATE INDEX missing_findings_assessment ON missing_findings (assessment_id, kb);
    -- Covers the fleet list's aggregation: read in KB order from the index alone, no table rows, no sort.
    CREATE INDEX missing_findings_kb ON missing_findings (kb, assessment_id, severity, exploited, kev, release_date, cve_list_id, product);
    CREATE INDEX missing_findings_severity ON missing_findings (severity, kb);
    CREATE INDEX missing_findings_exploited ON missing_findings (exploited, kev, kb);
    CREATE INDEX missing_findings_kev ON missing_findings (kev, kb);
    CREATE INDEX missing_findings_release_date ON missing_findings (release_date, kb);

    INSERT INTO assessed_computers (assessment_id, computer, computer_key, assessed_at)
    SELECT a.id, COALESCE(a.host_name, h.target, a.file_name, ''), lower(COALESCE(a.host_name, h.target, a.file_name, '')), a.assessed_at
      FROM assessments a LEFT JOIN scan_hosts h ON h.id = a.scan_host_id;

    CREATE TEMP TABLE migrate0008_findings AS
    SELECT a.id AS assessment_id, u.key AS position, u.value ->> '$.kb' AS kb, u.value ->> '$.product' AS product,
           CASE WHEN u.value ->> '$.severity' IN ('Critical', 'Important', 'Moderate', 'Low') THEN u.value ->> '$.severity' END AS severity,
           COALESCE(u.value ->> '$.exploited', 0) = 1 AS exploited, COALESCE(u.value ->> '$.kev', 0) = 1 AS kev,
           u.value ->> '$.releaseDate' AS release_date, COALESCE(json(u.value -> '$.cves'), '[]') AS cves,
           (SELECT json_group_array(DISTINCT m.value ->> '$.text')
              FROM json_each(a.document, '$.vulnerabilities') v, json_each(v.value, '$.mitigation') m
             WHERE v.value ->> '$.kb' = u.value ->> '$.kb' AND m.value ->> '$.text' IS NOT NULL) AS mitigations
      FROM assessments a, json_each(a.document, '$.updates') u
     WHERE u.value ->> '$.state' = 'missing' AND u.value ->> '$.kb' IS NOT NULL;

    INSERT OR IGNORE INTO missing_cve_lists (cves) SELECT cves FROM migrate0008_findings ORDER BY assessment_id, position;

    INSERT INTO missing_findings (assessment_id, kb, product, severity, exploited, kev, release_date, cve_list_id, mitigations)
    SELECT f.assessment_id, f.kb, f.product, f.severity, f.exploited, f.kev, f.release_date, l.id, f.mitigations
      FROM migrate0008_findings f JOIN missing_cve_lists l ON l.cves = f.cves
     ORDER BY f.assessment_id, f.position;

    DROP TABLE migrate0008_findings;
  `)
}
