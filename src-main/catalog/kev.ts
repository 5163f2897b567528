import type { Database } from 'better-sqlite3'
import { z } from 'zod'
import { CoreError } from '../errors'
import { normaliseCve, normaliseDate } from './normalise'

const KevEntry = z
  .object({
    cveID: z.string(),
    vendorProject: z.string().nullish(),
    product: z.string().nullish(),
    vulnerabilityName: z.string().nullish(),
    dateAdded: z.string().nullish(),
    shortDescription: z.string().nullish(),
    requiredAction: z.string().nullish(),
    dueDate: z.string().nullish(),
    knownRansomwareCampaignUse: z.string().nullish(),
    notes: z.string().nullish(),
  })
  .loose()

/** The CISA Known Exploited Vulnerabilities feed (known_exploited_vulnerabilities.json). */
export const KevFeed = z
  .object({
    catalogVersion: z.string(),
    dateReleased: z.string(),
    vulnerabilities: z.array(KevEntry),
  })
  .loose()
export type KevFeed = z.infer<typeof KevFeed>

/** True when a parsed JSON value looks like the KEV feed. */
export function looksLikeKev(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'vulnerabilities' in value && 'catalogVersion' in value
}

/** Validates a KEV feed, with an error naming the file and the first problem. */
export function parseKev(value: unknown, source: string): KevFeed {
  const parsed = KevFeed.safeParse(value)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new CoreError('bad-file', `${source}: not a CISA KEV feed (${issue ? issue.path.join('.') || '(document)' : ''}: ${issue?.message ?? 'invalid'})`)
  }
  return parsed.data
}

/** The KEV held: how many CVEs and as of when (the feed's dateReleased), or null if none was imported. */
export function kevStatus(db: Database): { count: number; asOf: string | null; version: string | null } | null {
  const asOf = meta(db, 'kev.asOf')
  if (asOf === null) return null
  const { count } = db.prepare(`SELECT count(*) AS count FROM catalog_kev`).get() as { count: number }
  return { count, asOf, version: meta(db, 'kev.version') }
}

/**
 * Replaces the stored KEV with `feed` in one transaction, unless the store already holds a feed
 * released at the same time or later (an older snapshot never overwrites a newer one).
 */
export function writeKev(db: Database, feed: KevFeed): 'imported' | 'replaced' | 'skipped' {
  const asOf = normaliseDate(feed.dateReleased)
  return db.transaction(() => {
    const held = meta(db, 'kev.asOf')
    if (held !== null && held >= asOf) return 'skipped' as const
    db.prepare(`DELETE FROM catalog_kev`).run()
    const insert = db.prepare(
      `INSERT OR REPLACE INTO catalog_kev (cve, vendor_project, product, name, date_added, due_date, required_action, short_description, ransomware_use, notes)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    for (const e of feed.vulnerabilities) {
      const cve = normaliseCve(e.cveID)
      if (!cve) continue
      insert.run(
        cve,
        e.vendorProject ?? null,
        e.product ?? null,
        e.vulnerabilityName ?? null,
        e.dateAdded ?? null,
        e.dueDate ?? null,
        e.requiredAction ?? null,
        e.shortDescription ?? null,
        e.knownRansomwareCampaignUse ?? null,
        e.notes ?? null,
      )
    }
    setMeta(db, 'kev.asOf', asOf)
    setMeta(db, 'kev.version', feed.catalogVersion)
    return held === null ? ('imported' as const) : ('replaced' as const)
  })()
}

/** Reads one catalog_meta value. */
export function meta(db: Database, key: string): string | null {
  const row = db.prepare(`SELECT value FROM catalog_meta WHERE key = ?`).get(key) as { value: string } | undefined
  return row?.value ?? null
}

/** Writes (or with null, removes) one catalog_meta value. */
export function setMeta(db: Database, key: string, value: string | null): void {
  if (value === null) db.prepare(`DELETE FROM catalog_meta WHERE key = ?`).run(key)
  else db.prepare(`INSERT INTO catalog_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(key, value)
}
