#!/usr/bin/env node
// `npm start`: build, make sure better-sqlite3 exists for Electron's ABI, then launch Electron.
//
// node_modules/better-sqlite3 stays built for Node (tests and the CLI use it). The Electron build
// is made in a temporary copy and kept at out/native/electron-<version>/better_sqlite3.node; the
// app passes that path to better-sqlite3 as `nativeBinding` (src-main/app/main.ts).
//
// Options: --out-dir DIR (default out), --native-only (build the native module, do not launch).
// Environment: PATCHLANE_ELECTRON_HEADERS_URL (a mirror of https://electronjs.org/headers),
// PATCHLANE_ELECTRON_GYP_DIR (where node-gyp keeps Electron's headers, default ~/.electron-gyp).
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { build, BuildError } from './build.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)
const DEFAULT_HEADERS_URL = 'https://electronjs.org/headers'

/** A failure explained to the person who ran `npm start`: printed as is, no stack trace. */
class StartError extends Error {}

function electronVersion() {
  return require('electron/package.json').version
}

/**
 * Fetches Electron's binary with the package's own install script when it is missing. package.json
 * denies that script to npm ("allowScripts") so that installs succeed where Electron's download
 * host is unreachable; `npm start` is where the binary is really needed, so it is fetched here.
 */
function downloadElectronIfMissing() {
  try {
    const binary = require('electron')
    if (typeof binary === 'string' && fs.existsSync(binary)) return
  } catch {
    // not installed: fetch it below
  }
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) return // the user asked for no download
  console.log('Downloading the Electron binary (once)…')
  const installer = path.join(root, 'node_modules', 'electron', 'install.js')
  const result = spawnSync(process.execPath, [installer], { cwd: path.dirname(installer), stdio: 'inherit' })
  if (result.status !== 0) console.error('The Electron download failed (see above).')
}

/**
 * The Electron executable, or a StartError saying why there is none. `require('electron')` in
 * Node returns the binary's path, and throws when the install skipped the download.
 */
function electronBinary() {
  const fix =
    'Run `npm start` on a machine that can reach Electron\'s download host, without ELECTRON_SKIP_BINARY_DOWNLOAD ' +
    'set: it fetches the binary once (or run `node node_modules/electron/install.js` yourself). ' +
    'Everything else (npm test, npm run cli, npm run serve for the browser UI) works without it.'
  let binary
  try {
    binary = require('electron')
  } catch {
    throw new StartError(`The Electron binary is not installed (node_modules/electron was installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1, or its download failed).\n${fix}`)
  }
  if (typeof binary !== 'string' || !fs.existsSync(binary)) {
    throw new StartError(`The Electron binary is not installed: ${binary} does not exist.\n${fix}`)
  }
  return binary
}

/**
 * Makes sure out/native/electron-<version>/better_sqlite3.node exists, building it in a temp
 * copy of node_modules/better-sqlite3 with node-gyp against Electron's headers.
 */
export function ensureElectronSqlite(outDir, version, log = console.log) {
  const targetDir = path.join(outDir, 'native', `electron-${version}`)
  const target = path.join(targetDir, 'better_sqlite3.node')
  // The binary must match the JavaScript half in node_modules: rebuild after an upgrade.
  const sqliteVersion = require('better-sqlite3/package.json').version
  const stampFile = path.join(targetDir, 'better-sqlite3.version')
  const stamp = fs.existsSync(stampFile) ? fs.readFileSync(stampFile, 'utf8').trim() : null
  if (fs.existsSync(target) && stamp === sqliteVersion) {
    log(`better-sqlite3 ${sqliteVersion} for Electron ${version}: ${path.relative(root, target)} (already built)`)
    return target
  }
  // A stale binary must not linger for the app to load should this build fail.
  fs.rmSync(target, { force: true })
  fs.rmSync(stampFile, { force: true })
  const headersUrl = process.env.PATCHLANE_ELECTRON_HEADERS_URL?.trim() || DEFAULT_HEADERS_URL
  const gypDir = process.env.PATCHLANE_ELECTRON_GYP_DIR?.trim() || path.join(os.homedir(), '.electron-gyp')
  const source = path.dirname(require.resolve('better-sqlite3/package.json'))
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'patchlane-sqlite-electron-'))
  fs.mkdirSync(targetDir, { recursive: true })
  const logFile = path.join(targetDir, 'build.log')
  log(`building better-sqlite3 for Electron ${version} (headers from ${headersUrl}); this takes a minute or two…`)
  try {
    // Copy the sources only: build/ holds the Node-ABI binary and must stay untouched.
    fs.cpSync(source, work, { recursive: true, filter: (file) => !/[\\/](build|node_modules)$/.test(file) })
    const gyp = require.resolve('node-gyp/bin/node-gyp.js')
    const args = [gyp, 'rebuild', '--release', `--target=${version}`, `--arch=${process.arch}`, `--dist-url=${headersUrl}`, `--devdir=${gypDir}`]
    const result = spawnSync(process.execPath, args, { cwd: work, encoding: 'utf8', env: gypEnv(), timeout: 20 * 60_000 })
    fs.writeFileSync(logFile, `$ node ${args.join(' ')}\n${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? `\n${result.error.message}` : ''}`)
    const built = path.join(work, 'build', 'Release', 'better_sqlite3.node')
    if (result.status !== 0 || !fs.existsSync(built)) {
      throw new StartError(`Could not build better-sqlite3 for Electron ${version}: ${explainGypFailure(`${result.stdout}\n${result.stderr}`, headersUrl)}\nFull node-gyp output: ${logFile}`)
    }
    // Copy then rename, so an interrupted copy never looks like a finished build.
    fs.copyFileSync(built, `${target}.tmp`)
    fs.renameSync(`${target}.tmp`, target)
    fs.writeFileSync(stampFile, `${sqliteVersion}\n`)
    log(`better-sqlite3 ${sqliteVersion} for Electron ${version}: ${path.relative(root, target)}`)
    return target
  } finally {
    fs.rmSync(work, { recursive: true, force: true })
  }
}

/**
 * The environment for node-gyp. Under `npm start`, npm exports its config as npm_config_*, and
 * node-gyp reads those as options: npm_config_nodedir (set to the system Node here) would make it
 * build against Node's headers and produce a Node-ABI file under an Electron name.
 */
function gypEnv() {
  const env = { ...process.env }
  for (const key of Object.keys(env)) {
    if (/^npm_config_(nodedir|target|target_arch|arch|runtime|dist_?url|devdir|build_from_source|node_gyp)$/i.test(key)) delete env[key]
  }
  return env
}

function explainGypFailure(output, headersUrl) {
  if (/\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|getaddrinfo)\b/.test(output)) {
    return `Electron's headers could not be downloaded from ${headersUrl} (no network route to it). Run npm start where that address is reachable, or point PATCHLANE_ELECTRON_HEADERS_URL at a mirror.`
  }
  const status = /(\d{3}) (?:status code |response )?downloading/i.exec(output) ?? /response status (\d{3})/i.exec(output)
  if (status || /\b40[34]\b/.test(output)) {
    return `Electron's headers were not found at ${headersUrl} (HTTP ${status?.[1] ?? 'error'}). Check the version and PATCHLANE_ELECTRON_HEADERS_URL.`
  }
  if (/find any Python|Python is not set/i.test(output)) return 'node-gyp needs Python 3 on PATH.'
  if (/make: not found|not found: make|C\+\+ compiler|g\+\+: not found|MSBuild|Visual Studio/i.test(output)) {
    return 'node-gyp needs a C++ toolchain (build-essential on Linux, "Desktop development with C++" from Visual Studio Build Tools on Windows).'
  }
  const last = output.split('\n').filter((line) => /gyp ERR!|error/i.test(line)).slice(-3).join(' | ')
  return `node-gyp failed${last ? `: ${last}` : ''}.`
}

function launch(binary) {
  const env = { ...process.env }
  // Left over from a test run, this would make Electron behave as plain Node.
  delete env.ELECTRON_RUN_AS_NODE
  const child = spawn(binary, [root], { cwd: root, stdio: 'inherit', env })
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
  child.on('error', (error) => {
    console.error(`Could not start Electron (${binary}): ${error.message}`)
    process.exit(1)
  })
}

async function main() {
  const { values } = parseArgs({ options: { 'out-dir': { type: 'string' }, 'native-only': { type: 'boolean' } } })
  const outDir = path.resolve(root, values['out-dir'] ?? 'out')
  const version = electronVersion()
  if (values['native-only']) {
    ensureElectronSqlite(outDir, version)
    return
  }
  // Checked first: without the binary nothing below is worth the wait.
  downloadElectronIfMissing()
  const binary = electronBinary()
  await build({ outDir })
  ensureElectronSqlite(outDir, version)
  if (outDir !== path.join(root, 'out')) {
    throw new StartError(`Built into ${outDir}; Electron loads the app from out/ (package.json "main"), so it is launched only for the default --out-dir.`)
  }
  launch(binary)
}

main().catch((error) => {
  if (error instanceof StartError || error instanceof BuildError) {
    console.error(`npm start: ${error.message}`)
  } else {
    console.error(`npm start failed: ${error?.message ?? String(error)}`)
  }
  process.exit(1)
})
