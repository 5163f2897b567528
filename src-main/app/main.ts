import fs from 'node:fs'
import path from 'node:path'
import { app, dialog, safeStorage, session, type BrowserWindow } from 'electron'
import { resolveDataDir } from '../data-dir'
import { createDispatcher } from '../dispatch'
import { createServices, type Services } from '../services'
import { APP_VERSION } from '../version'
import { APP_USER_MODEL_ID } from './app-id'
import { resolveAppPage } from './app-page'
import { createSenderCheck, forwardEvents, registerIpc } from './ipc'
import { installMenu } from './menu'
import { safeStorageSecrets } from './safe-storage-cipher'
import { applySessionPolicy, installWebContentsGuards } from './security'
import { createMainWindow } from './window'

/**
 * The better-sqlite3 build for this Electron's ABI, made by `npm start` (scripts/start.mjs) at
 * `out/native/electron-<version>/better_sqlite3.node`. In a package electron-builder has rebuilt
 * node_modules for Electron already, so there is none and the default binding is right.
 */
export function nativeBindingPath(appPath: string, electronVersion: string | undefined): string | undefined {
  if (!electronVersion) return undefined
  const file = path.join(appPath, 'out', 'native', `electron-${electronVersion}`, 'better_sqlite3.node')
  return fs.existsSync(file) ? file : undefined
}

/**
 * The composition root of the desktop app: one instance, hardened sessions, the services every
 * side shares, IPC per contract method, and one window.
 *
 * Resolves once the window exists (or the app has decided to quit). Everything Electron-specific
 * stays in this folder; the services below know nothing of Electron.
 */
export async function startApp(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    // Another Patchlane owns the store; it is brought forward by its 'second-instance' handler.
    app.quit()
    return
  }
  app.enableSandbox()
  app.setAppUserModelId(APP_USER_MODEL_ID)
  installWebContentsGuards()

  let mainWindow: BrowserWindow | null = null
  app.on('second-instance', () => {
    if (!mainWindow) return
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
  })
  app.on('window-all-closed', () => app.quit())

  await app.whenReady()
  const appPath = app.getAppPath()
  let services: Services
  let page: ReturnType<typeof resolveAppPage>
  const nativeBinding = nativeBindingPath(appPath, process.versions.electron)
  try {
    page = resolveAppPage(appPath, process.env)
    const dataDir = resolveDataDir(process.env, app.getPath('userData'))
    services = createServices({ dataDir, appVersion: APP_VERSION, secrets: safeStorageSecrets(safeStorage), ...(nativeBinding ? { nativeBinding } : {}) })
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    const hint = !app.isPackaged && !nativeBinding ? '\n\nIn a development tree, start the app with `npm start`: it builds better-sqlite3 for Electron.' : ''
    dialog.showErrorBox('Patchlane cannot start', `${message}${hint}`)
    app.exit(1)
    return
  }

  let closed = false
  app.on('will-quit', (event) => {
    if (closed) return
    // Closing the store checkpoints the WAL; wait for it, then quit for real.
    event.preventDefault()
    services
      .close()
      .catch((error: unknown) => console.error('closing the store failed:', error))
      .finally(() => {
        closed = true
        app.quit()
      })
  })

  applySessionPolicy(session.defaultSession, page)
  installMenu({ dev: page.kind === 'dev' })
  registerIpc(createDispatcher(services), createSenderCheck(() => mainWindow?.webContents ?? null, page))

  const window = createMainWindow({ page, preloadPath: path.join(appPath, 'out', 'preload', 'index.cjs'), dataDir: services.dataDir })
  mainWindow = window
  const stopForwarding = forwardEvents(services.events, window.webContents)
  window.on('closed', () => {
    stopForwarding()
    mainWindow = null
  })
}

// Runs only inside Electron; importing this file from a test (with a mocked electron) does not
// start anything until the test calls startApp().
if (process.versions.electron) {
  startApp().catch((error: unknown) => {
    dialog.showErrorBox('Patchlane cannot start', error instanceof Error ? error.message : String(error))
    app.exit(1)
  })
}
