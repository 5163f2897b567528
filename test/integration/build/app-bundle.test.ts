import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { channelOf, METHOD_NAMES } from '../../../src-main/contract/methods'
import { APP_VERSION } from '../../../src-main/version'
import { makeTempDir } from '../../helpers/temp-dir'

const root = path.resolve(import.meta.dirname, '../../..')
const fakeRuntime = path.join(import.meta.dirname, 'fake-electron-runtime')
const nodeSqlite = path.join(root, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node')

interface Report {
  calls: string[]
  windows: Array<{ webPreferences: Record<string, unknown>; loadFile?: string }>
  errors: Array<{ title: string; message: string }>
  opened: string[]
  ipc: { channels: string[]; trusted: unknown; untrusted: unknown }
  navigationPrevented: boolean
  openEvil: unknown
  openKb: unknown
  csp: string[] | null
  mediaGranted: boolean
  menu: string[]
  exitCode?: number
}

/**
 * The real out/main/app.cjs, run by Node with a stand-in `electron` (fake-electron-runtime,
 * via NODE_PATH). The app lives outside the repository so `electron` cannot resolve to the
 * real, binary-less package; better-sqlite3 and node-powershell come from our node_modules.
 */
describe('the main bundle (out/main/app.cjs) booted with a stand-in Electron', () => {
  let appPath: string
  let cleanup: () => void
  beforeAll(() => {
    ;({ dir: appPath, cleanup } = makeTempDir('patchlane-app-'))
    const build = spawnSync(process.execPath, ['scripts/build.mjs', '--out-dir', path.join(appPath, 'out'), '--no-renderer', '--quiet'], { cwd: root, encoding: 'utf8' })
    if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`)
  }, 120_000)
  afterAll(() => cleanup())

  function boot(userData: string): { status: number | null; report: Report; stderr: string } {
    const reportFile = path.join(userData, '..', `report-${path.basename(userData)}.json`)
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_PATH: [fakeRuntime, path.join(root, 'node_modules')].join(path.delimiter),
      FAKE_ELECTRON_REPORT: reportFile,
      FAKE_ELECTRON_APP_PATH: appPath,
      FAKE_ELECTRON_USER_DATA: userData,
    }
    delete env.PATCHLANE_HOME
    delete env.PATCHLANE_DEV_URL
    const run = spawnSync(process.execPath, [path.join(appPath, 'out/main/app.cjs')], { cwd: appPath, env, encoding: 'utf8', timeout: 60_000 })
    return { status: run.status, stderr: run.stderr, report: JSON.parse(fs.readFileSync(reportFile, 'utf8')) as Report }
  }

  it('starts, serves IPC to its own page only, guards the window, and quits cleanly', () => {
    const userData = path.join(appPath, 'user-data')
    const { status, report, stderr } = boot(userData)
    expect(report.errors).toEqual([])
    expect(stderr).toBe('')
    expect(status).toBe(0)
    expect(report.calls).toEqual(['enableSandbox', 'quit-deferred', 'quit'])
    expect(report.windows).toHaveLength(1)
    expect(report.windows[0]?.loadFile).toBe(path.join(appPath, 'out/renderer/index.html'))
    expect(report.windows[0]?.webPreferences).toMatchObject({ preload: path.join(appPath, 'out/preload/index.cjs'), sandbox: true, contextIsolation: true, nodeIntegration: false })
    expect(fs.existsSync(path.join(appPath, 'out/preload/index.cjs'))).toBe(true)
    expect(report.ipc.channels).toEqual(METHOD_NAMES.map((m) => channelOf(m)).sort())
    expect(report.ipc.trusted).toMatchObject({ ok: true, value: { version: APP_VERSION, dataDir: userData } })
    expect(report.ipc.untrusted).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect(report.navigationPrevented).toBe(true)
    expect(report.openEvil).toEqual({ action: 'deny' })
    expect(report.openKb).toEqual({ action: 'deny' })
    expect(report.opened).toEqual(['https://support.microsoft.com/help/5034441'])
    expect(report.csp?.[0]).toMatch(/^default-src 'none'; script-src 'self';/)
    expect(report.mediaGranted).toBe(false)
    expect(report.menu).toContain('&Help')
    // The store and the window placement are in userData, and the store was closed (WAL folded in).
    expect(fs.existsSync(path.join(userData, 'patchlane.db'))).toBe(true)
    expect(fs.existsSync(path.join(userData, 'patchlane.db-wal'))).toBe(false)
    expect(JSON.parse(fs.readFileSync(path.join(userData, 'window-state.json'), 'utf8'))).toEqual({ x: 10, y: 20, width: 1100, height: 700, maximized: false })
  })

  it('loads better-sqlite3 from out/native/electron-<version> when npm start has built it', () => {
    const native = path.join(appPath, 'out/native/electron-41.7.1/better_sqlite3.node')
    fs.mkdirSync(path.dirname(native), { recursive: true })
    try {
      // A file that is not a native module: the app must try it, fail, and say so.
      fs.writeFileSync(native, 'not a shared object')
      const broken = boot(path.join(appPath, 'user-data-broken'))
      expect(broken.status).toBe(1)
      expect(broken.report.errors[0]?.title).toBe('Patchlane cannot start')
      expect(broken.report.errors[0]?.message).toContain(native)
      // Node's own build stands in for the Electron one here: same loader path, loads fine.
      fs.copyFileSync(nodeSqlite, native)
      const ok = boot(path.join(appPath, 'user-data-native'))
      expect(ok.report.errors).toEqual([])
      expect(ok.status).toBe(0)
    } finally {
      fs.rmSync(path.join(appPath, 'out/native'), { recursive: true, force: true })
    }
  })
})
