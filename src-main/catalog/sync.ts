import type { Database } from 'better-sqlite3'
import { z } from 'zod'
import type { CatalogImportSummary, CatalogProgress } from '../contract/schemas/catalog'
import { CoreError } from '../errors'
import { storedRevision } from '../store/catalog-documents'
import { readText } from './byte-stream'
import { DEFAULT_RETRY, fetchWithRetry, proxyDispatcher, type RetryPolicy } from './http-client'
import { ImportTally, importInput } from './importer'
import { setMeta } from './kev'
import { normaliseDate } from './normalise'

/** Where sync fetches from. Tests point both at a server on 127.0.0.1. */
export interface SyncEndpoints {
  /** MSRC CVRF API v3.0 base, e.g. https://api.msrc.microsoft.com/cvrf/v3.0 */
  readonly msrc: string
  /** The CISA KEV JSON feed. */
  readonly kev: string
}

export const DEFAULT_MSRC_URL = 'https://api.msrc.microsoft.com/cvrf/v3.0'
export const DEFAULT_KEV_URL = 'https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json'

/** Endpoints from PATCHLANE_MSRC_URL / PATCHLANE_KEV_URL, else Microsoft's and CISA's. */
export function syncEndpoints(env: NodeJS.ProcessEnv): SyncEndpoints {
  return {
    msrc: (env.PATCHLANE_MSRC_URL || DEFAULT_MSRC_URL).replace(/\/+$/, ''),
    kev: env.PATCHLANE_KEV_URL || DEFAULT_KEV_URL,
  }
}

/** One entry of the MSRC `/updates` index. */
const UpdatesIndex = z.object({
  value: z.array(
    z
      .object({
        ID: z.string().min(1),
        CurrentReleaseDate: z.string().min(1),
        InitialReleaseDate: z.string().nullish(),
        DocumentTitle: z.string().nullish(),
      })
      .loose(),
  ),
})

/** Options of a sync run. */
export interface SyncOptions {
  readonly now?: () => Date
  readonly env?: NodeJS.ProcessEnv
  readonly retry?: RetryPolicy
  readonly onProgress?: (progress: CatalogProgress) => void
  /** Skip the KEV feed (it is fetched by default). */
  readonly skipKev?: boolean
}

/**
 * Brings the catalog up to date from MSRC and CISA: reads the `/updates` index, downloads only
 * documents whose CurrentReleaseDate is newer than the held copy (streamed straight into the
 * parser), each committed as it arrives, so an interrupted sync resumes where it stopped; then
 * the KEV feed. A failed document is reported and the others continue.
 */
export async function syncCatalog(db: Database, endpoints: SyncEndpoints, options: SyncOptions = {}): Promise<CatalogImportSummary> {
  const now = options.now ?? (() => new Date())
  const dispatcher = await proxyDispatcher(options.env ?? process.env)
  const retry = options.retry ?? DEFAULT_RETRY
  const tally = new ImportTally()
  const report = (done: number, total: number, current: string | null, message: string | null): void =>
    options.onProgress?.({ operation: 'sync', done, total, current, message })
  try {
    report(0, 0, null, 'reading the MSRC index')
    const indexUrl = `${endpoints.msrc}/updates`
    const index = await fetchWithRetry(indexUrl, { dispatcher, accept: 'application/json', retry, what: 'Reading the MSRC update index' }, async (body) => {
      const text = await readText(body, indexUrl)
      let value: unknown
      try {
        value = JSON.parse(text)
      } catch {
        throw new CoreError('network-failed', `${indexUrl} did not answer JSON; is PATCHLANE_MSRC_URL the CVRF v3.0 API?`)
      }
      const parsed = UpdatesIndex.safeParse(value)
      if (!parsed.success) throw new CoreError('network-failed', `${indexUrl} did not answer an MSRC /updates index`)
      return parsed.data.value
    })
    const wanted = index.filter((entry) => {
      const held = storedRevision(db, entry.ID)
      return !held || normaliseDate(entry.CurrentReleaseDate) > held.currentReleaseDate
    })
    const total = wanted.length + (options.skipKev ? 0 : 1)
    let done = 0
    for (const entry of wanted) {
      report(done, total, entry.ID, null)
      const url = `${endpoints.msrc}/cvrf/${encodeURIComponent(entry.ID)}`
      try {
        await fetchWithRetry(url, { dispatcher, accept: 'application/xml', retry, what: `Downloading ${entry.ID}` }, (body) =>
          importInput(db, { source: url, kind: 'xml', chunks: body }, tally, { now }),
        )
      } catch (error) {
        tally.add({ source: url, outcome: 'failed', documentId: entry.ID, message: (error as Error).message })
      }
      done++
    }
    if (!options.skipKev) {
      report(done, total, endpoints.kev, null)
      try {
        await fetchWithRetry(endpoints.kev, { dispatcher, accept: 'application/json', retry, what: 'Downloading the CISA KEV feed' }, (body) =>
          importInput(db, { source: endpoints.kev, kind: 'json', chunks: body }, tally, { now }),
        )
      } catch (error) {
        tally.add({ source: endpoints.kev, outcome: 'failed', documentId: 'KEV', message: (error as Error).message })
      }
      done++
    }
    report(done, total, null, 'done')
    const summary = tally.summary()
    const firstFailure = summary.files.find((f) => f.outcome === 'failed')
    setMeta(db, 'sync.lastError', firstFailure ? (firstFailure.message ?? 'a download failed') : null)
    if (!firstFailure) setMeta(db, 'sync.last', now().toISOString())
    return summary
  } catch (error) {
    setMeta(db, 'sync.lastError', (error as Error).message)
    throw error
  } finally {
    await dispatcher.close()
  }
}
