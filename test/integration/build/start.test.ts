import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { makeTempDir } from '../../helpers/temp-dir'

const root = path.resolve(import.meta.dirname, '../../..')
const electronVersion = (JSON.parse(fs.readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version
const nodeSqlite = path.join(root, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node')
const sqliteVersion = (JSON.parse(fs.readFileSync(path.join(root, 'node_modules/better-sqlite3/package.json'), 'utf8')) as { version: string }).version

/** Runs scripts/start.mjs asynchronously (a loopback server in this process must keep answering). */
function start(args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // Its own process group, so a runaway node-gyp/make/cc1 below it can be killed as one.
    const child = spawn(process.execPath, ['scripts/start.mjs', ...args], { cwd: root, env: { ...process.env, ...env }, detached: true })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    // A compile would mean the headers check is broken; never let it run on for minutes.
    const timer = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), 45_000)
    child.on('close', (status) => {
      clearTimeout(timer)
      resolve({ status, stdout, stderr })
    })
  })
}

describe('npm start (scripts/start.mjs)', () => {
  const cleanups: Array<() => void> = []
  afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()))
  const temp = () => {
    const t = makeTempDir()
    cleanups.push(t.cleanup)
    return t.dir
  }

  it('explains a missing Electron binary and how to get it, without a stack trace', () => {
    const outDir = temp()
    // An empty dist folder: the same situation as an install with ELECTRON_SKIP_BINARY_DOWNLOAD=1.
    const run = spawnSync(process.execPath, ['scripts/start.mjs', '--out-dir', outDir], {
      cwd: root,
      encoding: 'utf8',
      // With the variable set, start must not try to download (this machine reaches no download host).
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: temp(), ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
    })
    expect(run.status).toBe(1)
    expect(run.stderr).toMatch(/The Electron binary is not installed/)
    expect(run.stderr).toMatch(/npm start.*without ELECTRON_SKIP_BINARY_DOWNLOAD/)
    expect(run.stdout).not.toMatch(/Downloading the Electron binary/)
    expect(run.stderr).not.toMatch(/^\s+at /m)
    // It stopped before building anything.
    expect(fs.readdirSync(outDir)).toEqual([])
  })

  it('explains unreachable Electron headers, and leaves the Node build of better-sqlite3 alone', async () => {
    const requests: string[] = []
    const mirror = http.createServer((req, res) => {
      requests.push(req.url ?? '')
      res.writeHead(404).end()
    })
    await new Promise<void>((resolve) => mirror.listen(0, '127.0.0.1', resolve))
    cleanups.push(() => mirror.close())
    const headersUrl = `http://127.0.0.1:${(mirror.address() as AddressInfo).port}/headers`
    const before = fs.statSync(nodeSqlite)
    const outDir = temp()

    // npm exports npm_config_nodedir (the system Node); node-gyp must not build against it.
    const run = await start(['--native-only', '--out-dir', outDir], {
      PATCHLANE_ELECTRON_HEADERS_URL: headersUrl,
      PATCHLANE_ELECTRON_GYP_DIR: temp(),
      npm_config_nodedir: '/usr',
    })
    expect(run.status).toBe(1)
    expect(run.stderr).toContain(`Could not build better-sqlite3 for Electron ${electronVersion}`)
    expect(run.stderr).toContain(`Electron's headers were not found at ${headersUrl}`)
    expect(run.stderr).not.toMatch(/^\s+at /m)
    expect(requests[0]).toBe(`/headers/v${electronVersion}/node-v${electronVersion}-headers.tar.gz`)
    // The full node-gyp output is kept for whoever needs the details.
    const log = path.join(outDir, 'native', `electron-${electronVersion}`, 'build.log')
    expect(run.stderr).toContain(log)
    expect(fs.readFileSync(log, 'utf8')).toContain('404')
    expect(fs.existsSync(path.join(outDir, 'native', `electron-${electronVersion}`, 'better_sqlite3.node'))).toBe(false)
    const after = fs.statSync(nodeSqlite)
    expect([after.size, after.mtimeMs]).toEqual([before.size, before.mtimeMs])
  })

  it('reuses an Electron build of the installed better-sqlite3 without touching the network', async () => {
    const outDir = temp()
    const dir = path.join(outDir, 'native', `electron-${electronVersion}`)
    fs.mkdirSync(dir, { recursive: true })
    fs.writeFileSync(path.join(dir, 'better_sqlite3.node'), 'stand-in')
    fs.writeFileSync(path.join(dir, 'better-sqlite3.version'), `${sqliteVersion}\n`)
    const run = await start(['--native-only', '--out-dir', outDir], { PATCHLANE_ELECTRON_HEADERS_URL: 'http://127.0.0.1:9/unused' })
    expect(run.status).toBe(0)
    expect(run.stdout).toContain('already built')
  })

  it('rebuilds when the binary was made for another better-sqlite3 version', async () => {
    const requests: string[] = []
    const mirror = http.createServer((req, res) => {
      requests.push(req.url ?? '')
      res.writeHead(404).end()
    })
    await new Promise<void>((resolve) => mirror.listen(0, '127.0.0.1', resolve))
    cleanups.push(() => mirror.close())
    const outDir = temp()
    const dir = path.join(outDir, 'native', `electron-${electronVersion}`)
    fs.mkdirSync(dir, { recursive: true })
    fs.writeFileSync(path.join(dir, 'better_sqlite3.node'), 'stand-in')
    fs.writeFileSync(path.join(dir, 'better-sqlite3.version'), '11.0.0\n')
    const headersUrl = `http://127.0.0.1:${(mirror.address() as AddressInfo).port}/headers`
    const run = await start(['--native-only', '--out-dir', outDir], { PATCHLANE_ELECTRON_HEADERS_URL: headersUrl, PATCHLANE_ELECTRON_GYP_DIR: temp() })
    expect(run.status).toBe(1)
    expect(run.stdout).not.toContain('already built')
    expect(requests).toHaveLength(1)
    // The mismatched binary is gone, so the app cannot load it by mistake.
    expect(fs.existsSync(path.join(dir, 'better_sqlite3.node'))).toBe(false)
  })
})
