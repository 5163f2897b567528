import fs from 'node:fs'
import path from 'node:path'
import { fireEvent, render, screen, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import type { Input } from '../../../../src-main/contract/api'
import { App } from '../../../../src-renderer/src/app'
import { ApiProvider } from '../../../../src-renderer/src/api/api-context'
import { createImportStore } from '../../../../src-renderer/src/features/import/import-store'
import { ImportStoreProvider } from '../../../../src-renderer/src/features/import/import-store-context'
import { importRequestFor, MAX_IMPORT_BYTES } from '../../../../src-renderer/src/features/import/read-dropped-files'
import { WindowFileDrop } from '../../../../src-renderer/src/features/import/window-file-drop'
import { createFakeApi, ok, type FakeApi } from '../../../helpers/fake-api'
import { sharedDataPath } from '../../../helpers/shared-data'
import { emptyCatalog } from '../catalog/fixtures'
import { appInfo } from '../settings/fixtures'
import { reportRow } from '../reports/fixtures'

/** A real systeminfo capture (wesng validation set), as the File a drop hands the page. */
function capture(name = '11_23H2_x64_enterprise_systeminfo.txt'): File {
  const bytes = fs.readFileSync(sharedDataPath('wesng', 'validation', name))
  return new File([bytes], name, { type: 'text/plain' })
}

/** A drag as Chromium delivers it: `types` says whether files are on board. */
function drag(kind: 'dragEnter' | 'dragOver' | 'dragLeave' | 'drop', target: Element, files: readonly File[], types: readonly string[] = ['Files']) {
  return fireEvent[kind](target, { dataTransfer: { types, files, dropEffect: 'none' } })
}

const imported = (input: Input<'importInventoryFiles'>) =>
  ok([...(input.paths ?? []), ...(input.files ?? []).map((file) => file.name)].map((file, index) => ({ file, ok: true as const, assessmentId: index + 1, hostName: 'DESKTOP-JNEKK9U', product: 'Windows 11 Version 23H2 for x64-based Systems', missingUpdates: 12 })))

function renderDrop(api: FakeApi, onDropped = vi.fn()) {
  render(
    <ApiProvider api={api}>
      <ImportStoreProvider store={createImportStore(api, null)}>
        <main>
          <p>Any screen</p>
        </main>
        <WindowFileDrop onDropped={onDropped} />
      </ImportStoreProvider>
    </ApiProvider>,
  )
  return onDropped
}

describe('Drop files anywhere on the window', () => {
  it('shows the overlay while files are dragged over any element, and hides it when the drag leaves', () => {
    renderDrop(createFakeApi())
    const anywhere = screen.getByText('Any screen')
    expect(screen.queryByText('Drop to import these files')).not.toBeInTheDocument()
    drag('dragEnter', anywhere, [])
    expect(screen.getByRole('status')).toHaveTextContent('Drop to import these files')
    // Crossing into a child and back fires enter then leave: still over the window.
    drag('dragEnter', document.body, [])
    drag('dragLeave', anywhere, [])
    expect(screen.getByText('Drop to import these files')).toBeInTheDocument()
    drag('dragLeave', document.body, [])
    expect(screen.queryByText('Drop to import these files')).not.toBeInTheDocument()
  })

  it('leaves drags without files alone (text dragged inside the page)', () => {
    renderDrop(createFakeApi())
    const notCancelled = drag('dragOver', screen.getByText('Any screen'), [], ['text/plain'])
    drag('dragEnter', screen.getByText('Any screen'), [], ['text/plain'])
    expect(notCancelled).toBe(true)
    expect(screen.queryByText('Drop to import these files')).not.toBeInTheDocument()
  })

  it('imports a dropped real capture as bytes in a browser (the bridge), and says where the results are', async () => {
    const api = createFakeApi({ importInventoryFiles: imported })
    const onDropped = renderDrop(api)
    const file = capture()
    drag('dragEnter', screen.getByText('Any screen'), [file])
    expect(drag('dragOver', screen.getByText('Any screen'), [file])).toBe(false) // cancelled: the window is a drop target
    expect(drag('drop', screen.getByText('Any screen'), [file])).toBe(false) // cancelled: Chromium does not open the file
    expect(onDropped).toHaveBeenCalledTimes(1)
    expect(screen.queryByText('Drop to import these files')).not.toBeInTheDocument()
    await vi.waitFor(() => expect(api.calls.some((call) => call.method === 'importInventoryFiles')).toBe(true))
    const input = api.calls.find((call) => call.method === 'importInventoryFiles')?.input as Input<'importInventoryFiles'>
    expect(input.paths).toBeUndefined()
    expect(input.files?.map((sent) => sent.name)).toEqual([file.name])
    expect(Buffer.from(input.files?.[0]?.base64 ?? '', 'base64').equals(fs.readFileSync(sharedDataPath('wesng', 'validation', file.name)))).toBe(true)
  })
})

describe('What a drop sends', () => {
  it('sends files on disk by path in Electron (the preload names them), others as bytes, and names the too-large', async () => {
    const onDisk = capture('10_22H2_x64_enterprise_en-us_systeminfo.txt')
    const inPage = capture()
    const huge = new File([new Uint8Array(MAX_IMPORT_BYTES + 1)], 'huge.txt')
    const paths = { pathForFile: (file: File) => (file === onDisk ? path.join('C:', 'Captures', file.name) : '') }
    const request = await importRequestFor([onDisk, inPage, huge], paths)
    expect(request.input?.paths).toEqual([path.join('C:', 'Captures', onDisk.name)])
    expect(request.input?.files?.map((file) => file.name)).toEqual([inPage.name])
    expect(request.tooLarge).toEqual(['huge.txt'])
  })

  it('falls back to bytes when the preload throws for a file, and sends nothing for only too-large files', async () => {
    const throwing = { pathForFile: (): string => { throw new TypeError('Invalid argument') } }
    expect((await importRequestFor([capture()], throwing)).input?.files).toHaveLength(1)
    const none = await importRequestFor([new File([new Uint8Array(MAX_IMPORT_BYTES + 1)], 'huge.txt')], null)
    expect(none).toEqual({ input: null, tooLarge: ['huge.txt'] })
  })
})

describe('A drop on another screen', () => {
  it('goes to Reports, where the import and its results show', async () => {
    const api = createFakeApi({
      getAppInfo: ok(appInfo()),
      getPowerShellStatus: ok({ executable: null, problem: 'PowerShell 7 (pwsh) was not found on PATH.', lastCheck: null }),
      getCatalogStatus: ok(emptyCatalog()),
      listReports: ok([reportRow()]),
      importInventoryFiles: imported,
    })
    window.location.hash = 'settings'
    render(<App api={api} />)
    expect(await screen.findByRole('heading', { level: 1, name: 'Settings' })).toBeInTheDocument()
    const file = capture()
    drag('dragEnter', screen.getByRole('heading', { level: 1, name: 'Settings' }), [file])
    drag('drop', screen.getByRole('heading', { level: 1, name: 'Settings' }), [file])
    expect(await screen.findByRole('heading', { level: 1, name: 'Reports' })).toBeInTheDocument()
    const results = await screen.findByRole('list', { name: 'Import results' })
    expect(within(results).getByText(`${file.name}: DESKTOP-JNEKK9U, Windows 11 Version 23H2 for x64-based Systems — 12 missing`)).toBeInTheDocument()
    // The list is read again once the import is kept.
    await vi.waitFor(() => expect(api.calls.filter((call) => call.method === 'listReports').length).toBeGreaterThanOrEqual(2))
  }, 20_000)
})
