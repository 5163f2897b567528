import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import type { Output, Result } from '../../../../src-main/contract/api'
import { ApiProvider } from '../../../../src-renderer/src/api/api-context'
import { CatalogStoreProvider } from '../../../../src-renderer/src/features/catalog/catalog-store-context'
import { parsePathList } from '../../../../src-renderer/src/features/catalog/catalog-store'
import { MaintainScreen } from '../../../../src-renderer/src/features/catalog/maintain-screen'
import { patchTuesdaysBehind } from '../../../../src-renderer/src/features/catalog/patch-tuesday'
import { createFakeApi, fail, ok, type FakeApi } from '../../../helpers/fake-api'
import { catalogStatus, emptyCatalog } from './fixtures'

function renderMaintain(api: FakeApi) {
  return render(
    <ApiProvider api={api}>
      <CatalogStoreProvider>
        <MaintainScreen />
      </CatalogStoreProvider>
    </ApiProvider>,
  )
}

function summary(overrides: Partial<Output<'importCatalog'>> = {}): Output<'importCatalog'> {
  return { imported: 2, replaced: 0, skipped: 0, failed: 0, files: [], kev: null, elapsedMs: 2400, ...overrides }
}

describe('Maintain → Catalog', () => {
  it('shows how current the catalog is, in Patch Tuesdays, and what it holds', async () => {
    renderMaintain(createFakeApi({ getCatalogStatus: ok(catalogStatus()) }))
    const card = await screen.findByRole('region', { name: 'Catalog' })
    const behind = patchTuesdaysBehind(new Date('2026-03-31T07:00:00Z'), new Date())
    expect(behind).toBeGreaterThan(0)
    expect(await within(card).findByText(behind === 1 ? '1 Patch Tuesday behind' : `${behind} Patch Tuesdays behind`)).toBeInTheDocument()
    expect(within(card).getByText('2026-Mar')).toBeInTheDocument()
    expect(within(card).getByText((2784).toLocaleString())).toBeInTheDocument()
    expect(within(card).getByText(/1,239 entries/)).toBeInTheDocument()
    expect(within(card).getByText('never')).toBeInTheDocument()
  })

  it('says an empty catalog is empty and how to fill it', async () => {
    renderMaintain(createFakeApi({ getCatalogStatus: ok(emptyCatalog()) }))
    expect(await screen.findByText('The catalog is empty')).toBeInTheDocument()
  })

  it('shows the last sync error', async () => {
    const lastError = 'api.msrc.microsoft.com could not be reached: getaddrinfo ENOTFOUND. Check the proxy settings.'
    renderMaintain(createFakeApi({ getCatalogStatus: ok(catalogStatus({ lastError })) }))
    expect(await screen.findByText(lastError)).toBeInTheDocument()
    expect(screen.getByText('Last sync failed')).toBeInTheDocument()
  })

  it('imports the typed paths, one per line, shows progress, then the outcome and the new status', async () => {
    let finish: (result: Result<Output<'importCatalog'>>) => void = () => undefined
    const api = createFakeApi({
      getCatalogStatus: ok(emptyCatalog()),
      importCatalog: () => new Promise((resolve) => (finish = resolve)),
    })
    renderMaintain(api)
    await screen.findByText('The catalog is empty')
    await userEvent.type(screen.getByLabelText(/Import from/), 'D:\\cvrf\\2025-Nov.xml{enter}"D:\\kev feeds\\kev.json"{enter}')
    await userEvent.click(screen.getByRole('button', { name: /Import 2 paths/ }))
    expect(api.calls.find((c) => c.method === 'importCatalog')?.input).toEqual({ paths: ['D:\\cvrf\\2025-Nov.xml', 'D:\\kev feeds\\kev.json'] })
    expect(screen.getByRole('button', { name: 'Sync now' })).toBeDisabled()

    api.emit('catalogProgress', { operation: 'import', done: 1, total: 2, current: 'D:\\cvrf\\2025-Nov.xml', message: null })
    expect(await screen.findByText('1 of 2 — D:\\cvrf\\2025-Nov.xml')).toBeInTheDocument()
    expect(screen.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '1')

    api.answer('getCatalogStatus', ok(catalogStatus()))
    finish(
      ok(
        summary({
          imported: 1,
          failed: 1,
          files: [
            { source: 'D:\\cvrf\\2025-Nov.xml', outcome: 'imported', documentId: '2025-Nov', message: null },
            { source: 'D:\\kev feeds\\kev.json', outcome: 'failed', documentId: null, message: 'not a CVRF document nor a CISA KEV feed' },
          ],
        }),
      ),
    )
    expect(await screen.findByText('Import finished in 2.4 s')).toBeInTheDocument()
    expect(screen.getByText(/1 imported, 0 replaced, 0 skipped, 1 failed/)).toBeInTheDocument()
    expect(screen.getByText(/not a CVRF document nor a CISA KEV feed/)).toBeInTheDocument()
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument()
    expect(await screen.findByText('2026-Mar')).toBeInTheDocument()
  })

  it('exports to the typed file and says where and how much', async () => {
    const api = createFakeApi({
      getCatalogStatus: ok(catalogStatus()),
      exportCatalog: ({ file }) => ok({ file, bytes: 3_145_728, documents: 16 }),
    })
    renderMaintain(api)
    await userEvent.type(await screen.findByLabelText(/Export a bundle to/), 'E:\\transfer\\catalog.bundle')
    await userEvent.click(screen.getByRole('button', { name: 'Export' }))
    expect(await screen.findByText('Exported')).toBeInTheDocument()
    expect(screen.getByText(/16 documents, 3.0 MB/)).toBeInTheDocument()
    expect(api.calls.find((c) => c.method === 'exportCatalog')?.input).toEqual({ file: 'E:\\transfer\\catalog.bundle' })
  })

  it('shows a failed sync in a message bar', async () => {
    const api = createFakeApi({
      getCatalogStatus: ok(catalogStatus()),
      syncCatalog: fail('network-failed', 'https://api.msrc.microsoft.com/cvrf/v3.0/updates did not answer within 30 s.'),
    })
    renderMaintain(api)
    await userEvent.click(await screen.findByRole('button', { name: 'Sync now' }))
    expect(await screen.findByText(/did not answer within 30 s/)).toBeInTheDocument()
    expect(screen.getByText('The catalog operation failed')).toBeInTheDocument()
  })

  it('keeps Import and Export disabled until there is something to act on', async () => {
    renderMaintain(createFakeApi({ getCatalogStatus: ok(catalogStatus()) }))
    expect(await screen.findByRole('button', { name: /^Import/ })).toBeDisabled()
    expect(screen.getByRole('button', { name: 'Export' })).toBeDisabled()
  })
})

describe('parsePathList', () => {
  it('takes one path per line, trims, unquotes and drops blank lines', () => {
    expect(parsePathList(' C:\\a b\\x.xml \r\n\n"D:\\q, r.json"\n')).toEqual(['C:\\a b\\x.xml', 'D:\\q, r.json'])
  })
})
