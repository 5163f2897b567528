import fs from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { syncCatalog, syncEndpoints } from '../../../src-main/catalog/sync'
import { catalogStatus } from '../../../src-main/catalog/status'
import type { CatalogProgress } from '../../../src-main/contract/schemas/catalog'
import { createDispatcher } from '../../../src-main/dispatch'
import { createServices } from '../../../src-main/services'
import { catalogStore } from '../../helpers/catalog-fixtures'
import { FakeCatalogServer, RecordingProxy } from '../../helpers/catalog-msrc-server'
import { sharedDataPath } from '../../helpers/shared-data'
import { makeTempDir } from '../../helpers/temp-dir'

const FAST_RETRY = { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 }
const SMALL = ['1999-Sep', '2000-Feb', '2017-May-B', '2018-FEB']
/** An environment with no proxy, whatever the machine running the tests has set. */
const NO_PROXY_ENV: NodeJS.ProcessEnv = {}

describe('catalog sync against endpoints on 127.0.0.1', () => {
  let server: FakeCatalogServer
  let store: ReturnType<typeof catalogStore>
  beforeEach(async () => {
    server = new FakeCatalogServer()
    server.documents = SMALL.map(FakeCatalogServer.fromCatalog)
    await server.start()
    store = catalogStore()
  })
  afterEach(async () => {
    await server.stop()
    store.cleanup()
  })
  const endpoints = () => ({ msrc: server.msrcUrl, kev: server.kevUrl })
  const documentRequests = () => server.requests.filter((r) => r.includes('/cvrf/v3.0/cvrf/'))

  it('fetches every document and the KEV feed, then only what is new or revised', async () => {
    const progress: CatalogProgress[] = []
    const first = await syncCatalog(store.db, endpoints(), { env: NO_PROXY_ENV, retry: FAST_RETRY, onProgress: (p) => progress.push(p) })
    expect(first).toMatchObject({ imported: 5, failed: 0, kev: { count: 1404 } })
    expect(documentRequests()).toHaveLength(4)
    expect(progress.at(-1)).toMatchObject({ operation: 'sync', done: 5, total: 5, message: 'done' })
    const status = catalogStatus(store.db, store.file)
    expect(status).toMatchObject({ documents: 4, lastError: null, kev: { count: 1404 } })
    expect(status.lastSync).not.toBeNull()

    server.requests.length = 0
    const second = await syncCatalog(store.db, endpoints(), { env: NO_PROXY_ENV, retry: FAST_RETRY })
    expect(documentRequests()).toEqual([])
    expect(second).toMatchObject({ imported: 0, failed: 0 })

    // 2025-Nov appears, then is revised: the revision is fetched and replaces the held copy.
    const revisions = sharedDataPath('msrc-cvrf-xml', 'revisions')
    const file = (tag: string) => path.join(revisions, fs.readdirSync(revisions).find((f) => f.includes(tag))!)
    server.documents.push({ id: '2025-Nov', file: file('prerelease'), currentReleaseDate: '2025-11-06T00:00:00Z' })
    expect((await syncCatalog(store.db, endpoints(), { env: NO_PROXY_ENV, retry: FAST_RETRY, skipKev: true })).imported).toBe(1)
    server.documents[4] = { id: '2025-Nov', file: file('patchtuesday'), currentReleaseDate: '2025-11-11T17:00:00Z' }
    server.requests.length = 0
    const revised = await syncCatalog(store.db, endpoints(), { env: NO_PROXY_ENV, retry: FAST_RETRY, skipKev: true })
    expect(revised).toMatchObject({ replaced: 1, failed: 0 })
    expect(documentRequests()).toEqual(['/cvrf/v3.0/cvrf/2025-Nov'])
  })

  it('retries a flaky server with back-off', async () => {
    server.faults.set('/cvrf/v3.0/updates', 2)
    server.faults.set('/cvrf/v3.0/cvrf/2018-FEB', 2)
    const summary = await syncCatalog(store.db, endpoints(), { env: NO_PROXY_ENV, retry: FAST_RETRY, skipKev: true })
    expect(summary).toMatchObject({ imported: 4, failed: 0 })
    expect(server.requests.filter((r) => r === '/cvrf/v3.0/cvrf/2018-FEB')).toHaveLength(3)
  })

  it('keeps what arrived when one document fails, reports it, and resumes with only that one', async () => {
    server.faults.set('/cvrf/v3.0/cvrf/2017-May-B', Infinity)
    const summary = await syncCatalog(store.db, endpoints(), { env: NO_PROXY_ENV, retry: FAST_RETRY, skipKev: true })
    expect(summary).toMatchObject({ imported: 3, failed: 1 })
    expect(summary.files.find((f) => f.outcome === 'failed')?.message).toMatch(/2017-May-B.*HTTP 500/)
    expect(catalogStatus(store.db, store.file).lastError).toMatch(/2017-May-B/)

    server.faults.clear()
    server.requests.length = 0
    const resumed = await syncCatalog(store.db, endpoints(), { env: NO_PROXY_ENV, retry: FAST_RETRY, skipKev: true })
    expect(resumed).toMatchObject({ imported: 1, failed: 0 })
    expect(documentRequests()).toEqual(['/cvrf/v3.0/cvrf/2017-May-B'])
    expect(catalogStatus(store.db, store.file)).toMatchObject({ documents: 4, lastError: null })
  })

  it('stores nothing of a document the server cuts short', async () => {
    const { dir, cleanup } = makeTempDir()
    try {
      const xml = fs.readFileSync(sharedDataPath('msrc-cvrf-xml', 'cvrfDocument-2023-Dec.xml'))
      const cut = path.join(dir, 'cut.xml')
      fs.writeFileSync(cut, xml.subarray(0, Math.floor(xml.length / 3)))
      server.documents.push({ id: '2023-Dec', file: cut, currentReleaseDate: '2023-12-21T18:16:53Z' })
      const summary = await syncCatalog(store.db, endpoints(), { env: NO_PROXY_ENV, retry: FAST_RETRY, skipKev: true })
      expect(summary).toMatchObject({ imported: 4, failed: 1 })
      expect(summary.files.find((f) => f.outcome === 'failed')?.message).toMatch(/cvrf\/2023-Dec: .*(incomplete|not well-formed)/)
      expect(store.db.prepare(`SELECT count(*) AS n FROM catalog_documents WHERE id = '2023-Dec'`).get()).toEqual({ n: 0 })
    } finally {
      cleanup()
    }
  })

  it('fails clearly when the index cannot be had', async () => {
    server.faults.set('/cvrf/v3.0/updates', Infinity)
    await expect(syncCatalog(store.db, endpoints(), { env: NO_PROXY_ENV, retry: FAST_RETRY })).rejects.toThrow(/MSRC update index failed after 3 attempts .*HTTP 500/)
    expect(catalogStatus(store.db, store.file).lastError).toMatch(/HTTP 500/)
  })

  it('goes through HTTP_PROXY, and around it for NO_PROXY hosts', async () => {
    const proxy = new RecordingProxy()
    await proxy.start()
    try {
      const viaProxy = await syncCatalog(store.db, endpoints(), { env: { HTTP_PROXY: proxy.url }, retry: FAST_RETRY, skipKev: true })
      expect(viaProxy.imported).toBe(4)
      expect(proxy.connects.length).toBeGreaterThan(0)
      expect(new Set(proxy.connects)).toEqual(new Set([new URL(server.msrcUrl).host]))
      proxy.connects.length = 0
      await syncCatalog(store.db, endpoints(), { env: { HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' }, retry: FAST_RETRY, skipKev: true })
      expect(proxy.connects).toEqual([])
    } finally {
      await proxy.stop()
    }
  })

  it('is wired through the services and the dispatcher, with progress events', async () => {
    const { dir, cleanup } = makeTempDir()
    const env = { PATCHLANE_MSRC_URL: server.msrcUrl, PATCHLANE_KEV_URL: server.kevUrl }
    expect(syncEndpoints(env)).toEqual({ msrc: server.msrcUrl, kev: server.kevUrl })
    const services = createServices({ dataDir: dir, appVersion: 'test', env })
    try {
      const events: CatalogProgress[] = []
      services.events.on('catalogProgress', (p) => events.push(p))
      const dispatch = createDispatcher(services)
      const result = await dispatch('syncCatalog', {})
      expect(result).toMatchObject({ ok: true, value: { imported: 5, failed: 0 } })
      expect(events.some((e) => e.operation === 'sync' && e.current === '2018-FEB')).toBe(true)
      expect(await dispatch('getCatalogStatus', {})).toMatchObject({ ok: true, value: { documents: 4, kev: { count: 1404 } } })
      const file = path.join(dir, 'bundle.plcat')
      expect(await dispatch('exportCatalog', { file })).toMatchObject({ ok: true, value: { file, documents: 4 } })
      expect(await dispatch('importCatalog', { paths: [file] })).toMatchObject({ ok: true, value: { skipped: 5, failed: 0 } })
      expect(await dispatch('importCatalog', { paths: [] })).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
    } finally {
      await services.close()
      cleanup()
    }
  })
})
