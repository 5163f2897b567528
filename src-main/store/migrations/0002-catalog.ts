import type { Database } from 'better-sqlite3'

/**
 * Microsoft's security data (MSRC CVRF documents) and CISA's Known Exploited Vulnerabilities.
 *
 * A newer revision replaces exactly that document's rows: they are deleted by the id ranges the
 * document row records. Products are shared across documents (MSRC
 * ProductIDs are stable) and only ever upserted. Fixed builds are stored as published and as a
 * zero-padded `build_key` whose text order is numeric order.
 */
export function migrate0002(db: Database): void {
  db.exec(`
    CREATE TABLE catalog_documents (
      id                   TEXT PRIMARY KEY,
      alias                TEXT,
      title                TEXT,
      document_type        TEXT,
      initial_release_date TEXT,
      current_release_date TEXT NOT NULL,
      revision             TEXT,
      imported_at          TEXT NOT NULL,
      source               TEXT,
      -- The rows of one document are inserted in one transaction, so their ids are contiguous:
      -- a revision is replaced by deleting these ranges, with no document_id index on big tables.
      first_vulnerability_id INTEGER,
      last_vulnerability_id  INTEGER,
      first_remediation_id   INTEGER,
      last_remediation_id    INTEGER
    ) STRICT;

    CREATE TABLE catalog_products (
      product_id      TEXT PRIMARY KEY,
      name            TEXT NOT NULL,
      normalised_name TEXT NOT NULL,
      family          TEXT,
      cpe             TEXT
    ) STRICT;
    CREATE INDEX catalog_products_normalised_name ON catalog_products (normalised_name);

    CREATE TABLE catalog_vulnerabilities (
      id                       INTEGER PRIMARY KEY,
      document_id              TEXT NOT NULL REFERENCES catalog_documents (id),
      cve                      TEXT NOT NULL,
      title                    TEXT,
      ordinal                  INTEGER,
      tag                      TEXT,
      cwe_id                   TEXT,
      cwe_name                 TEXT,
      cna                      TEXT,
      publicly_disclosed       INTEGER,
      exploited                INTEGER,
      exploitability           TEXT,
      exploit_status           TEXT,
      customer_action_required INTEGER,
      description              TEXT,
      faq                      TEXT,
      mitigation               TEXT,
      workaround               TEXT
    ) STRICT;
    CREATE INDEX catalog_vulnerabilities_document ON catalog_vulnerabilities (document_id);
    CREATE INDEX catalog_vulnerabilities_cve ON catalog_vulnerabilities (cve);
    -- Tiny: only the few hundred CVEs Microsoft marks exploited (catalog status counts them).
    CREATE INDEX catalog_vulnerabilities_exploited ON catalog_vulnerabilities (cve) WHERE exploited = 1;

    -- Severity, impact and CVSS of one vulnerability for one product (ProductStatuses, Threats, ScoreSets).
    CREATE TABLE catalog_vulnerability_products (
      vulnerability_id INTEGER NOT NULL REFERENCES catalog_vulnerabilities (id),
      product_id       TEXT NOT NULL,
      severity         TEXT,
      impact           TEXT,
      base_score       REAL,
      temporal_score   REAL,
      vector           TEXT,
      PRIMARY KEY (vulnerability_id, product_id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX catalog_vulnerability_products_product ON catalog_vulnerability_products (product_id);

    CREATE TABLE catalog_remediations (
      id               INTEGER PRIMARY KEY,
      vulnerability_id INTEGER NOT NULL REFERENCES catalog_vulnerabilities (id),
      type             TEXT NOT NULL,
      kb               TEXT,
      description      TEXT,
      url              TEXT,
      fixed_build      TEXT,
      build_key        TEXT,
      supersedes       TEXT,
      restart_required TEXT,
      sub_type         TEXT
    ) STRICT;
    CREATE INDEX catalog_remediations_vulnerability ON catalog_remediations (vulnerability_id);
    CREATE INDEX catalog_remediations_kb ON catalog_remediations (kb) WHERE kb IS NOT NULL;

    CREATE TABLE catalog_remediation_products (
      remediation_id INTEGER NOT NULL REFERENCES catalog_remediations (id),
      product_id     TEXT NOT NULL,
      PRIMARY KEY (remediation_id, product_id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX catalog_remediation_products_product ON catalog_remediation_products (product_id);

    -- One row per KB a remediation supersedes (parsed out of its Supercedence text).
    CREATE TABLE catalog_supersedence (
      remediation_id INTEGER NOT NULL REFERENCES catalog_remediations (id),
      superseded_kb  TEXT NOT NULL,
      PRIMARY KEY (remediation_id, superseded_kb)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX catalog_supersedence_kb ON catalog_supersedence (superseded_kb);

    CREATE TABLE catalog_kev (
      cve                TEXT PRIMARY KEY,
      vendor_project     TEXT,
      product            TEXT,
      name               TEXT,
      date_added         TEXT,
      due_date           TEXT,
      required_action    TEXT,
      short_description  TEXT,
      ransomware_use     TEXT,
      notes              TEXT
    ) STRICT, WITHOUT ROWID;

    -- KEV as-of date and version, last sync, last sync error.
    CREATE TABLE catalog_meta (
      key   TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT, WITHOUT ROWID;
  `)
}
