import fs from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { makeTempDir } from '../../../helpers/temp-dir'
import { fakeElectron, FakeBrowserWindow, resetFakeElectron } from './fake-electron'

vi.mock('electron', () => fakeElectron)

const { createMainWindow } = await import('../../../../src-main/app/window')
const { resolveAppPage } = await import('../../../../src-main/app/app-page')
const { WINDOW_STATE_FILE } = await import('../../../../src-main/app/window-state')

describe('createMainWindow', () => {
  let dataDir: string
  let cleanup: () => void
  beforeEach(() => {
    resetFakeElectron()
    ;({ dir: dataDir, cleanup } = makeTempDir())
  })
  afterEach(() => cleanup())

  it('opens one isolated, sandboxed window without Node and loads our file page', () => {
    const page = resolveAppPage('/opt/patchlane', {})
    const win = createMainWindow({ page, preloadPath: '/opt/patchlane/out/preload/index.cjs', dataDir }) as unknown as FakeBrowserWindow
    expect(FakeBrowserWindow.created).toEqual([win])
    expect(win.options.webPreferences).toMatchObject({
      preload: '/opt/patchlane/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
    })
    expect(win.options.show).toBe(false)
    expect(win.loaded).toEqual({ file: path.join('/opt/patchlane', 'out', 'renderer', 'index.html') })
    win.emit('ready-to-show')
    expect(win.shown).toBe(true)
  })

  it('loads the dev server URL when one is given', () => {
    const page = resolveAppPage('/opt/patchlane', { PATCHLANE_DEV_URL: 'http://127.0.0.1:5173' })
    const win = createMainWindow({ page, preloadPath: '/p.cjs', dataDir }) as unknown as FakeBrowserWindow
    expect(win.loaded).toEqual({ url: 'http://127.0.0.1:5173/' })
  })

  it('remembers size, position and maximised state across runs', () => {
    const page = resolveAppPage('/opt/patchlane', {})
    const first = createMainWindow({ page, preloadPath: '/p.cjs', dataDir }) as unknown as FakeBrowserWindow
    expect(first.options).toMatchObject({ width: 1280, height: 800, center: true })
    first.bounds = { x: 100, y: 50, width: 1000, height: 700 }
    first.maximized = true
    first.emit('close')
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, WINDOW_STATE_FILE), 'utf8'))).toEqual({ x: 100, y: 50, width: 1000, height: 700, maximized: true })

    const second = createMainWindow({ page, preloadPath: '/p.cjs', dataDir }) as unknown as FakeBrowserWindow
    expect(second.options).toMatchObject({ x: 100, y: 50, width: 1000, height: 700 })
    expect(second.options.center).toBeUndefined()
    second.emit('ready-to-show')
    expect(second.maximized).toBe(true)
  })

  it('brings a window back from a monitor that is no longer there', () => {
    fs.writeFileSync(path.join(dataDir, WINDOW_STATE_FILE), JSON.stringify({ x: 2500, y: 100, width: 1000, height: 700, maximized: false }))
    const page = resolveAppPage('/opt/patchlane', {})
    const win = createMainWindow({ page, preloadPath: '/p.cjs', dataDir }) as unknown as FakeBrowserWindow
    expect(win.options).toMatchObject({ x: 460, y: 170, width: 1000, height: 700, center: true })
  })
})
