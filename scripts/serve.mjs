// `npm run serve`: the console in a browser over the loopback bridge.
//
// Builds the renderer with vite when out/renderer is missing or older than its sources, then
// runs src-main/bridge/main.ts with tsx, which opens the services and prints the address (with
// its one-time token) to open. PATCHLANE_HOME, PATCHLANE_BRIDGE_PORT and PATCHLANE_BRIDGE_TOKEN
// pass through.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const rendererIndex = path.join(root, 'out', 'renderer', 'index.html')
const sources = ['src-renderer', path.join('src-main', 'contract'), 'vite.config.ts', 'package.json'].map((p) => path.join(root, p))

function newestMtime(entry) {
  let stat
  try {
    stat = fs.statSync(entry)
  } catch {
    return 0
  }
  if (!stat.isDirectory()) return stat.mtimeMs
  return fs.readdirSync(entry).reduce((newest, child) => Math.max(newest, newestMtime(path.join(entry, child))), stat.mtimeMs)
}

function rendererIsStale() {
  if (!fs.existsSync(rendererIndex)) return true
  return fs.statSync(rendererIndex).mtimeMs < Math.max(...sources.map(newestMtime))
}

if (rendererIsStale()) {
  console.log('Building the renderer (out/renderer is missing or older than its sources)…')
  const { build } = await import('vite')
  await build({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' })
}

const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src-main', 'bridge', 'main.ts')], {
  cwd: root,
  stdio: 'inherit',
  env: process.env,
})
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
