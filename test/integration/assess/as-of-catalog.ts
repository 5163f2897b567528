import fs from 'node:fs'
import path from 'node:path'
import type { Database } from 'better-sqlite3'
import { importPaths } from '../../../src-main/catalog/importer'
import { openFile } from '../../../src-main/catalog/inputs'
import { parseCvrfXml } from '../../../src-main/catalog/parse-xml-stream'
import { openDatabase } from '../../../src-main/store/database'
import { sharedDataPath } from '../../helpers/shared-data'

/** Which months a catalog "as of" a capture date holds, and which it reads release months from. */
export interface AsOfCatalogSpec {
  /** Folder for the two databases. */
  readonly dir: string
  /** Document ids (`2018-Jan`, `2019-Feb` …) of the catalog as it stood: the months released by the capture. */
  readonly months: RegExp
  /** The last month released before the capture (`2019-Feb`): KBs released after it are dropped. */
  readonly lastMonth: string
  /** Each KB's release, from `readReleases`. */
  readonly releases: Releases
}

/** The as-of catalog, and each KB's release month as read from the documents. */
export interface AsOfCatalog {
  readonly db: Database
  /** `4489878` → `2019-Mar`: the document in which the KB fixes the most CVEs. */
  readonly releaseMonth: ReadonlyMap<string, string>
  /** KBs the as-of months name that were released after `lastMonth` (MSRC added them in later revisions). */
  readonly dropped: ReadonlySet<string>
  close(): void
}

const ALL = 'msrc-cvrf-all'

interface Release {
  readonly month: string
  readonly released: string
  readonly cves: number
}

/** KB (digits) → its release document; `month:<id>` → that document's own release date. */
export type Releases = ReadonlyMap<string, Release>

/**
 * Each KB's release document, read straight from the CVRF files of the window (parsed, not
 * stored: the window spans years). Also `month:<id>` → that document's own release date.
 */
export async function readReleases(window: RegExp): Promise<Releases> {
  const all = sharedDataPath(ALL)
  const best = new Map<string, Release>()
  for (const name of fs.readdirSync(all).filter((f) => window.test(f))) {
    for await (const input of openFile(path.join(all, name))) {
      if (!('chunks' in input)) throw input.error
      const outcome = await parseCvrfXml(input.chunks, input.source)
      if (outcome.kind !== 'document') continue
      const { header, vulnerabilities } = outcome.document
      const released = header.initialReleaseDate ?? header.currentReleaseDate
      best.set(`month:${header.id}`, { month: header.id, released, cves: 0 })
      const cvesOf = new Map<string, Set<string>>()
      for (const v of vulnerabilities) for (const r of v.remediations) if (r.kb) (cvesOf.get(r.kb) ?? cvesOf.set(r.kb, new Set()).get(r.kb))?.add(v.cve)
      for (const [kb, cves] of cvesOf) {
        const known = best.get(kb)
        if (!known || cves.size > known.cves || (cves.size === known.cves && released < known.released)) best.set(kb, { month: header.id, released, cves: cves.size })
      }
    }
  }
  return best
}

async function importMonths(file: string, months: RegExp): Promise<Database> {
  const db = openDatabase(file)
  const all = sharedDataPath(ALL)
  const names = fs.readdirSync(all).filter((f) => months.test(f))
  const summary = await importPaths(db, names.map((f) => path.join(all, f)))
  if (summary.failed > 0 || names.length === 0) throw new Error(`importing ${String(months)}: ${summary.failed} of ${names.length} files failed`)
  return db
}

/**
 * A catalog as it stood on a capture date, without an update-history table. The CVRF files in
 * shared data are today's revisions: MSRC later added newer KBs to old CVEs (e.g. the April 2019
 * rollup KB4493472 to January 2018's CVE-2017-5715), so the months up to the capture name KBs
 * that did not exist yet. A KB's release month is read from the documents themselves: a monthly
 * rollup, security-only or cumulative update is released with one month's document and fixes
 * all of that month's CVEs there (KB4489878: 31 CVEs in 2019-Mar), while a later revision adds it to one or
 * two CVEs of older months (KB4489878: 1 CVE in 2019-Feb). So the month where it fixes the most
 * CVEs is its release month; ties go to the earlier month. Remediations of KBs released after the
 * capture are then deleted from the as-of catalog.
 */
export async function openAsOfCatalog(spec: AsOfCatalogSpec): Promise<AsOfCatalog> {
  const best = spec.releases
  const cutoff = best.get(`month:${spec.lastMonth}`)?.released
  if (!cutoff) throw new Error(`${spec.lastMonth} is not in the release window`)
  const kbs = [...best].filter(([key]) => !key.startsWith('month:'))
  const releaseMonth = new Map(kbs.map(([kb, b]) => [kb, b.month]))
  const later = kbs.filter(([, b]) => b.released > cutoff).map(([kb]) => kb)

  const db = await importMonths(path.join(spec.dir, 'as-of.db'), spec.months)
  const ids = JSON.stringify((db.prepare(`SELECT id FROM catalog_remediations WHERE kb IN (SELECT value FROM json_each(?))`).all(JSON.stringify(later)) as Array<{ id: number }>).map((r) => r.id))
  const dropped = new Set((db.prepare(`SELECT DISTINCT kb FROM catalog_remediations WHERE id IN (SELECT value FROM json_each(?))`).all(ids) as Array<{ kb: string }>).map((r) => r.kb))
  db.prepare(`DELETE FROM catalog_supersedence WHERE remediation_id IN (SELECT value FROM json_each(?))`).run(ids)
  db.prepare(`DELETE FROM catalog_remediation_products WHERE remediation_id IN (SELECT value FROM json_each(?))`).run(ids)
  db.prepare(`DELETE FROM catalog_remediations WHERE id IN (SELECT value FROM json_each(?))`).run(ids)
  return { db, releaseMonth, dropped, close: () => db.close() }
}
