// A stand-in `electron` for running the real out/main/app.cjs bundle in plain Node (the Electron
// binary cannot be downloaded here). Found through NODE_PATH by test/integration/build/app-bundle.test.ts.
// It plays the app's life once: ready → window → IPC calls → close → quit, and writes what it saw
// to FAKE_ELECTRON_REPORT. Nothing here decides behaviour; the bundle's own code does.
'use strict'
const { EventEmitter } = require('node:events')
const fs = require('node:fs')
const { pathToFileURL } = require('node:url')

// main.ts starts the app only inside Electron, and looks for out/native/electron-<version>.
Object.defineProperty(process.versions, 'electron', { value: process.env.FAKE_ELECTRON_VERSION || '41.7.1', enumerable: true })

const report = { calls: [], windows: [], errors: [], opened: [], ipc: {}, webContentsGuarded: 0 }
const save = () => fs.writeFileSync(process.env.FAKE_ELECTRON_REPORT, JSON.stringify(report, null, 2))
const handlers = new Map()

class WebContents extends EventEmitter {
  constructor() {
    super()
    this.id = 1
    this.sent = []
    this.openHandler = null
  }
  isDestroyed() {
    return false
  }
  setWindowOpenHandler(handler) {
    this.openHandler = handler
  }
  send(channel) {
    this.sent.push(channel)
  }
}

const app = new EventEmitter()
Object.assign(app, {
  isPackaged: false,
  requestSingleInstanceLock: () => true,
  enableSandbox: () => report.calls.push('enableSandbox'),
  setAppUserModelId: (id) => (report.appUserModelId = id),
  whenReady: () => Promise.resolve(),
  getAppPath: () => process.env.FAKE_ELECTRON_APP_PATH,
  getPath: (name) => (name === 'userData' ? process.env.FAKE_ELECTRON_USER_DATA : ''),
  quit() {
    const event = { prevented: false, preventDefault() { this.prevented = true } }
    app.emit('will-quit', event)
    report.calls.push(event.prevented ? 'quit-deferred' : 'quit')
    if (!event.prevented) {
      save()
      process.exit(0)
    }
  },
  exit(code) {
    report.exitCode = code
    save()
    process.exit(code)
  },
})

const session = {
  permissionRequest: null,
  setPermissionRequestHandler(handler) { this.permissionRequest = handler },
  setPermissionCheckHandler() {},
  setDevicePermissionHandler() {},
  webRequest: { onHeadersReceived(listener) { session.headers = listener } },
}

class BrowserWindow extends EventEmitter {
  constructor(options) {
    super()
    this.options = options
    this.webContents = new WebContents()
    app.emit('web-contents-created', {}, this.webContents)
    report.windows.push({ webPreferences: options.webPreferences, width: options.width, height: options.height })
    setTimeout(() => this.exercise().catch((error) => { report.errors.push({ title: 'exercise', message: String(error && error.stack) }); save(); process.exit(3) }), 10)
  }
  loadFile(file) {
    this.loaded = file
    report.windows[report.windows.length - 1].loadFile = file
    return Promise.resolve()
  }
  loadURL(url) {
    this.loaded = url
    return Promise.resolve()
  }
  getNormalBounds() { return { x: 10, y: 20, width: 1100, height: 700 } }
  isMaximized() { return false }
  maximize() {}
  show() {}
  async exercise() {
    const pageUrl = pathToFileURL(this.loaded).href
    const call = (channel, frame) => handlers.get(channel)({ sender: this.webContents, senderFrame: frame }, {})
    report.ipc.channels = [...handlers.keys()].sort()
    report.ipc.trusted = await call('patchlane:getAppInfo', { url: pageUrl, parent: null })
    report.ipc.untrusted = await call('patchlane:getAppInfo', { url: 'https://evil.example/', parent: null })
    const navigation = { prevented: false, preventDefault() { this.prevented = true } }
    this.webContents.emit('will-navigate', navigation, 'https://evil.example/')
    report.navigationPrevented = navigation.prevented
    report.openEvil = this.webContents.openHandler({ url: 'https://evil.example/' })
    report.openKb = this.webContents.openHandler({ url: 'https://support.microsoft.com/help/5034441' })
    let csp = null
    session.headers({ responseHeaders: {} }, ({ responseHeaders }) => (csp = responseHeaders['Content-Security-Policy']))
    report.csp = csp
    session.permissionRequest({}, 'media', (granted) => (report.mediaGranted = granted))
    this.emit('close')
    this.emit('closed')
    app.emit('window-all-closed')
  }
}

module.exports = {
  app,
  BrowserWindow,
  ipcMain: { handle: (channel, handler) => handlers.set(channel, handler), removeHandler: (channel) => handlers.delete(channel) },
  session: { defaultSession: session },
  shell: { openExternal: (url) => { report.opened.push(url); return Promise.resolve() } },
  dialog: { showErrorBox: (title, message) => report.errors.push({ title, message }) },
  // No OS encryption in this stand-in: the app lists stored credentials but keeps no password.
  safeStorage: {
    isEncryptionAvailable: () => false,
    encryptString: () => {
      throw new Error('safeStorage is not available in the stand-in')
    },
    decryptString: () => {
      throw new Error('safeStorage is not available in the stand-in')
    },
  },
  screen: {
    getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }],
    getPrimaryDisplay: () => ({ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }),
  },
  Menu: {
    buildFromTemplate: (template) => template,
    setApplicationMenu: (menu) => (report.menu = menu.map((item) => item.label)),
  },
}
