import fs from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { channelOf, METHOD_NAMES } from '../../../../src-main/contract/methods'
import { APP_VERSION } from '../../../../src-main/version'
import { makeTempDir } from '../../../helpers/temp-dir'
import { fakeElectron, FakeBrowserWindow, resetFakeElectron } from './fake-electron'

vi.mock('electron', () => fakeElectron)

const { nativeBindingPath, startApp } = await import('../../../../src-main/app/main')

describe('startApp', () => {
  let temp: { dir: string; cleanup: () => void }
  beforeEach(() => {
    resetFakeElectron()
    temp = makeTempDir()
    vi.stubEnv('PATCHLANE_HOME', '')
    vi.stubEnv('PATCHLANE_DEV_URL', '')
    fakeElectron.app.userData = path.join(temp.dir, 'userData')
    fakeElectron.app.appPath = path.join(temp.dir, 'app')
  })
  afterEach(() => {
    vi.unstubAllEnvs()
    temp.cleanup()
  })

  it('quits at once when another instance holds the lock', async () => {
    fakeElectron.app.singleInstance = false
    await startApp()
    expect(fakeElectron.app.quitCalls).toBe(1)
    expect(FakeBrowserWindow.created).toHaveLength(0)
    expect(fakeElectron.ipcMain.handlers.size).toBe(0)
    expect(fs.existsSync(fakeElectron.app.userData)).toBe(false)
  })

  it('opens the store in userData, wires IPC and opens one hardened window', async () => {
    await startApp()
    const { app } = fakeElectron
    expect(app.enableSandbox).toHaveBeenCalled()
    expect(fs.existsSync(path.join(app.userData, 'patchlane.db'))).toBe(true)
    expect(fakeElectron.session.defaultSession.permissionRequestHandler).not.toBeNull()
    expect(fakeElectron.session.defaultSession.headersListener).not.toBeNull()
    expect(fakeElectron.Menu.applied).not.toBeNull()
    expect(app.listenerCount('web-contents-created')).toBe(1)

    expect(FakeBrowserWindow.created).toHaveLength(1)
    const win = FakeBrowserWindow.created[0] as FakeBrowserWindow
    expect(win.options.webPreferences).toMatchObject({ preload: path.join(app.appPath, 'out', 'preload', 'index.cjs'), sandbox: true })
    expect(win.loaded.file).toBe(path.join(app.appPath, 'out', 'renderer', 'index.html'))

    expect(fakeElectron.ipcMain.handlers.size).toBe(METHOD_NAMES.length)
    const handler = fakeElectron.ipcMain.handlers.get(channelOf('getAppInfo'))
    const pageUrl = `file://${path.join(app.appPath, 'out', 'renderer', 'index.html')}`
    const result = await handler?.({ sender: win.webContents, senderFrame: { url: pageUrl, parent: null } }, {})
    expect(result).toMatchObject({ ok: true, value: { version: APP_VERSION, dataDir: app.userData } })

    // Closing the window lets the app quit; quitting waits for the store to close, then quits again.
    win.emit('closed')
    const afterClose = await handler?.({ sender: win.webContents, senderFrame: { url: pageUrl, parent: null } }, {})
    expect(afterClose).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    app.emit('window-all-closed')
    await vi.waitFor(() => expect(app.quitCalls).toBe(2))
    // The store was closed cleanly: the WAL was checkpointed away.
    expect(fs.existsSync(path.join(app.userData, 'patchlane.db-wal'))).toBe(false)
  })

  it('prefers PATCHLANE_HOME over userData', async () => {
    const home = path.join(temp.dir, 'home')
    vi.stubEnv('PATCHLANE_HOME', home)
    await startApp()
    expect(fs.existsSync(path.join(home, 'patchlane.db'))).toBe(true)
    expect(fs.existsSync(fakeElectron.app.userData)).toBe(false)
    fakeElectron.app.quit()
    await vi.waitFor(() => expect(fakeElectron.app.quitCalls).toBe(2))
  })

  it('explains a store it cannot open and exits non-zero, without opening a window', async () => {
    fs.mkdirSync(fakeElectron.app.userData, { recursive: true })
    fs.writeFileSync(path.join(fakeElectron.app.userData, 'patchlane.db'), 'not a database '.repeat(500))
    await startApp()
    expect(fakeElectron.app.exitCode).toBe(1)
    expect(FakeBrowserWindow.created).toHaveLength(0)
    const [title, message] = fakeElectron.dialog.showErrorBox.mock.calls[0] as [string, string]
    expect(title).toBe('Patchlane cannot start')
    expect(message).toContain(path.join(fakeElectron.app.userData, 'patchlane.db'))
    expect(message).toContain('npm start')
  })

  it('refuses a dev URL that is not on this machine', async () => {
    vi.stubEnv('PATCHLANE_DEV_URL', 'https://example.com/')
    await startApp()
    expect(fakeElectron.app.exitCode).toBe(1)
    expect(fakeElectron.dialog.showErrorBox.mock.calls[0]?.[1]).toMatch(/PATCHLANE_DEV_URL must be an http:\/\/ address on this machine/)
  })
})

describe('nativeBindingPath', () => {
  it('finds the Electron-ABI build made by npm start, and only that', () => {
    const { dir, cleanup } = makeTempDir()
    try {
      expect(nativeBindingPath(dir, '41.7.1')).toBeUndefined()
      const file = path.join(dir, 'out', 'native', 'electron-41.7.1', 'better_sqlite3.node')
      fs.mkdirSync(path.dirname(file), { recursive: true })
      fs.writeFileSync(file, '')
      expect(nativeBindingPath(dir, '41.7.1')).toBe(file)
      expect(nativeBindingPath(dir, '41.7.2')).toBeUndefined()
      expect(nativeBindingPath(dir, undefined)).toBeUndefined()
    } finally {
      cleanup()
    }
  })
})
