import { EventEmitter } from 'node:events'
import { vi } from 'vitest'

/**
 * A stand-in for the parts of `electron` that src-main/app uses. Importing the real module in
 * Node throws here (no Electron binary), so tests `vi.mock('electron', () => fakeElectron)`.
 * The fakes record what main asked for; behaviour under test (the guards, the sender check,
 * the dispatcher, the store) is the real code.
 */
export class FakeWebContents extends EventEmitter {
  static nextId = 1
  readonly id = FakeWebContents.nextId++
  destroyed = false
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null
  readonly sent: Array<{ channel: string; payload: unknown }> = []
  isDestroyed(): boolean {
    return this.destroyed
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler
  }
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload })
  }
}

/** A navigation-like event whose `preventDefault` can be observed. */
export function fakeEvent(): { prevented: boolean; preventDefault: () => void } {
  const event = {
    prevented: false,
    preventDefault: () => {
      event.prevented = true
    },
  }
  return event
}

type Rect = { x: number; y: number; width: number; height: number }

export class FakeBrowserWindow extends EventEmitter {
  static created: FakeBrowserWindow[] = []
  readonly webContents = new FakeWebContents()
  bounds: Rect
  maximized = false
  shown = false
  loaded: { file?: string; url?: string } = {}
  constructor(readonly options: Record<string, unknown> & Partial<Rect>) {
    super()
    this.bounds = { x: options.x ?? 0, y: options.y ?? 0, width: options.width ?? 800, height: options.height ?? 600 }
    FakeBrowserWindow.created.push(this)
  }
  loadFile(file: string): Promise<void> {
    this.loaded = { file }
    return Promise.resolve()
  }
  loadURL(url: string): Promise<void> {
    this.loaded = { url }
    return Promise.resolve()
  }
  getNormalBounds(): Rect {
    return { ...this.bounds }
  }
  isMaximized(): boolean {
    return this.maximized
  }
  isMinimized(): boolean {
    return false
  }
  maximize(): void {
    this.maximized = true
  }
  show(): void {
    this.shown = true
  }
  restore(): void {}
  focus(): void {}
}

class FakeApp extends EventEmitter {
  singleInstance = true
  userData = ''
  appPath = ''
  isPackaged = false
  quitCalls = 0
  exitCode: number | null = null
  readonly requestSingleInstanceLock = vi.fn(() => this.singleInstance)
  readonly enableSandbox = vi.fn()
  readonly setAppUserModelId = vi.fn()
  whenReady(): Promise<void> {
    return Promise.resolve()
  }
  getAppPath(): string {
    return this.appPath
  }
  getPath(name: string): string {
    if (name !== 'userData') throw new Error(`fake app has no path ${name}`)
    return this.userData
  }
  quit(): void {
    this.quitCalls++
    // Electron emits will-quit as part of quitting; listeners may prevent it.
    const event = fakeEvent()
    this.emit('will-quit', event)
  }
  exit(code: number): void {
    this.exitCode = code
  }
}

class FakeIpcMain {
  readonly handlers = new Map<string, (event: unknown, input: unknown) => unknown>()
  handle(channel: string, handler: (event: unknown, input: unknown) => unknown): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`)
    this.handlers.set(channel, handler)
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel)
  }
}

class FakeSession {
  permissionRequestHandler: ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null = null
  permissionCheckHandler: ((...args: unknown[]) => boolean) | null = null
  devicePermissionHandler: ((...args: unknown[]) => boolean) | null = null
  headersListener: ((details: { responseHeaders?: Record<string, string[]> }, callback: (response: { responseHeaders: Record<string, string[]> }) => void) => void) | null = null
  readonly webRequest = {
    onHeadersReceived: (listener: NonNullable<FakeSession['headersListener']>) => {
      this.headersListener = listener
    },
  }
  setPermissionRequestHandler(handler: NonNullable<FakeSession['permissionRequestHandler']>): void {
    this.permissionRequestHandler = handler
  }
  setPermissionCheckHandler(handler: NonNullable<FakeSession['permissionCheckHandler']>): void {
    this.permissionCheckHandler = handler
  }
  setDevicePermissionHandler(handler: NonNullable<FakeSession['devicePermissionHandler']>): void {
    this.devicePermissionHandler = handler
  }
}

const primary: Rect = { x: 0, y: 0, width: 1920, height: 1040 }

/** The module object handed to `vi.mock('electron', …)`; `resetFakeElectron()` between tests. */
export const fakeElectron = {
  app: new FakeApp(),
  ipcMain: new FakeIpcMain(),
  session: { defaultSession: new FakeSession() },
  shell: { openExternal: vi.fn((_url: string) => Promise.resolve()) },
  dialog: { showErrorBox: vi.fn() },
  // No OS encryption here: the app lists stored credentials but keeps no password.
  safeStorage: {
    isEncryptionAvailable: () => false,
    encryptString: (): Buffer => {
      throw new Error('safeStorage is not available in the fake')
    },
    decryptString: (): string => {
      throw new Error('safeStorage is not available in the fake')
    },
  },
  screen: {
    displays: [{ workArea: primary }] as Array<{ workArea: Rect }>,
    getAllDisplays() {
      return fakeElectron.screen.displays
    },
    getPrimaryDisplay() {
      return fakeElectron.screen.displays[0]
    },
  },
  Menu: {
    applied: null as unknown,
    buildFromTemplate: (template: unknown) => ({ template }),
    setApplicationMenu: (menu: unknown) => {
      fakeElectron.Menu.applied = menu
    },
  },
  BrowserWindow: FakeBrowserWindow,
}

/** Puts every fake back to its first state (objects stay the same: the mocked module holds them). */
export function resetFakeElectron(): void {
  const { app } = fakeElectron
  app.removeAllListeners()
  Object.assign(app, { singleInstance: true, userData: '', appPath: '', isPackaged: false, quitCalls: 0, exitCode: null })
  app.requestSingleInstanceLock.mockClear()
  app.enableSandbox.mockClear()
  app.setAppUserModelId.mockClear()
  fakeElectron.ipcMain.handlers.clear()
  Object.assign(fakeElectron.session.defaultSession, {
    permissionRequestHandler: null,
    permissionCheckHandler: null,
    devicePermissionHandler: null,
    headersListener: null,
  })
  fakeElectron.shell.openExternal.mockClear()
  fakeElectron.dialog.showErrorBox.mockClear()
  fakeElectron.screen.displays = [{ workArea: primary }]
  fakeElectron.Menu.applied = null
  FakeBrowserWindow.created = []
}
