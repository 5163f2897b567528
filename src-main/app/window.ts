import { BrowserWindow, screen } from 'electron'
import type { AppPage } from './app-page'
import { loadWindowState, MIN_HEIGHT, MIN_WIDTH, placeWindow, saveWindowState } from './window-state'

export interface MainWindowOptions {
  readonly page: AppPage
  /** The bundled preload, `out/preload/index.cjs`. */
  readonly preloadPath: string
  /** Where `window-state.json` lives (the data folder). */
  readonly dataDir: string
}

/**
 * The one window. Renderer code gets no Node, runs sandboxed and context-isolated, and reaches
 * main only through the preload's `window.patchlane`. Its size, position and maximised state are
 * remembered between runs and checked against the displays present now.
 */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const displays = screen.getAllDisplays().map((display) => display.workArea)
  const placement = placeWindow(loadWindowState(options.dataDir), displays, screen.getPrimaryDisplay().workArea)

  const win = new BrowserWindow({
    ...placement.bounds,
    ...(placement.centred ? { center: true } : {}),
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    show: false,
    title: 'Patchlane',
    backgroundColor: '#ffffff',
    autoHideMenuBar: false,
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      // Middle-click would open links in a new window; the open handler denies those anyway.
      disableBlinkFeatures: 'Auxclick',
    },
  })

  win.once('ready-to-show', () => {
    if (placement.maximized) win.maximize()
    win.show()
  })
  // Saved on close only: moving the window must not write to disk on every pixel.
  win.on('close', () => {
    const bounds = win.getNormalBounds()
    const error = saveWindowState(options.dataDir, { ...bounds, maximized: win.isMaximized() })
    if (error) console.error(`could not remember the window position: ${error.message}`)
  })

  const loading = options.page.kind === 'file' ? win.loadFile(options.page.file) : win.loadURL(options.page.url)
  loading.catch((error: unknown) => console.error(`could not load ${options.page.url}:`, error))
  return win
}
