#!/usr/bin/env node
// `npm run build`: everything the app, the package and the CLI run from, under out/.
//
//   out/main/app.cjs        Electron main (src-main/app/main.ts and the core it composes)
//   out/preload/index.cjs   the sandboxed preload: one file, requires only `electron`
//   out/cli/patchlane.cjs   the `patchlane` command (package.json "bin")
//   out/scripts/*.ps1       the PowerShell scripts, found beside the bundles at run time
//   out/renderer/           the React UI, built by vite (vite.config.ts)
//
// Options: --out-dir DIR (default out; tests build into a temp folder), --no-renderer.
// out/native/ (the Electron-ABI better-sqlite3 made by scripts/start.mjs) is left alone.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

// Native or heavy modules stay outside the bundles and are loaded from node_modules at run time.
const NODE_EXTERNALS = ['electron', 'better-sqlite3', 'node-powershell']
// Heavy dependencies the CLI loads with import() only in the commands that use them (catalog
// import / sync): kept out of its bundle, so `patchlane doctor` or `catalog status` does not
// compile 1.2 MB of code it never runs. They are production dependencies, shipped in node_modules.
const CLI_LAZY_EXTERNALS = ['undici', 'saxes', 'yauzl', 'fzstd']
const POWERSHELL_FILE = /\.(ps1|psm1|psd1)$/i

// Bundles are CommonJS, where `import.meta` does not exist; src-main/powershell/scripts-dir.ts
// needs import.meta.url to find out/scripts, so each bundle defines it from __filename.
const IMPORT_META_SHIM = 'const __patchlane_import_meta_url = require("node:url").pathToFileURL(__filename).href;'

/**
 * Builds everything into `outDir`. Returns the list of files written (relative to outDir).
 * @param {{ outDir?: string, renderer?: boolean, log?: (line: string) => void }} [options]
 */
export async function build(options = {}) {
  const outDir = path.resolve(root, options.outDir ?? 'out')
  const log = options.log ?? ((line) => console.log(line))
  const esbuild = await import('esbuild')

  for (const part of ['main', 'preload', 'cli', 'scripts', ...(options.renderer === false ? [] : ['renderer'])]) {
    fs.rmSync(path.join(outDir, part), { recursive: true, force: true })
  }

  const nodeCommon = {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'linked',
    external: NODE_EXTERNALS,
    define: { 'import.meta.url': '__patchlane_import_meta_url' },
    logLevel: 'warning',
    absWorkingDir: root,
  }

  await esbuild.build({
    ...nodeCommon,
    entryPoints: [path.join(root, 'src-main/app/main.ts')],
    outfile: path.join(outDir, 'main/app.cjs'),
    banner: { js: IMPORT_META_SHIM },
  })
  log(`built ${path.relative(root, path.join(outDir, 'main/app.cjs'))}`)

  // The preload runs in Electron's sandbox: no Node built-ins, `require` knows only `electron`
  // (and a few polyfills), so everything else is inlined and nothing Node-only may slip in.
  await esbuild.build({
    entryPoints: [path.join(root, 'src-preload/index.ts')],
    outfile: path.join(outDir, 'preload/index.cjs'),
    bundle: true,
    platform: 'browser',
    format: 'cjs',
    target: 'es2022',
    sourcemap: 'linked',
    external: ['electron'],
    logLevel: 'warning',
    absWorkingDir: root,
  })
  log(`built ${path.relative(root, path.join(outDir, 'preload/index.cjs'))}`)

  const cliFile = path.join(outDir, 'cli/patchlane.cjs')
  await esbuild.build({
    ...nodeCommon,
    entryPoints: [path.join(root, 'src-main/cli/main.ts')],
    outfile: cliFile,
    external: [...NODE_EXTERNALS.filter((name) => name !== 'electron'), ...CLI_LAZY_EXTERNALS],
    banner: { js: `#!/usr/bin/env node\n${IMPORT_META_SHIM}` },
  })
  fs.chmodSync(cliFile, 0o755)
  log(`built ${path.relative(root, cliFile)}`)

  const scriptsFrom = path.join(root, 'src-main/powershell/scripts')
  const scriptsTo = path.join(outDir, 'scripts')
  fs.mkdirSync(scriptsTo, { recursive: true })
  let copied = 0
  for (const entry of fs.readdirSync(scriptsFrom, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !POWERSHELL_FILE.test(entry.name)) continue
    const from = path.join(entry.parentPath, entry.name)
    const to = path.join(scriptsTo, path.relative(scriptsFrom, from))
    fs.mkdirSync(path.dirname(to), { recursive: true })
    fs.copyFileSync(from, to)
    copied++
  }
  log(`copied ${copied} PowerShell files to ${path.relative(root, scriptsTo)}`)

  if (options.renderer !== false) await buildRenderer(path.join(outDir, 'renderer'), log)
  return listFiles(outDir)
}

async function buildRenderer(outDir, log) {
  const configFile = path.join(root, 'vite.config.ts')
  if (!fs.existsSync(configFile)) {
    throw new BuildError(`Cannot build the renderer: ${configFile} does not exist. Build without it with --no-renderer.`)
  }
  const vite = await import('vite')
  // The config sets root (src-renderer) and base ('./', for file://); only the output folder is ours.
  await vite.build({ configFile, logLevel: 'warn', build: { outDir, emptyOutDir: true } })
  if (!fs.existsSync(path.join(outDir, 'index.html'))) {
    throw new BuildError(`vite finished but ${path.join(outDir, 'index.html')} is missing: check build.outDir and the input page in vite.config.ts.`)
  }
  log(`built ${path.relative(root, outDir)}/`)
}

function listFiles(dir) {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort()
}

/** A failure with a message for the person running the build; printed without a stack. */
export class BuildError extends Error {}

async function cli() {
  const { values } = parseArgs({
    options: { 'out-dir': { type: 'string' }, 'no-renderer': { type: 'boolean' }, quiet: { type: 'boolean' } },
    allowPositionals: false,
  })
  const started = Date.now()
  await build({
    outDir: values['out-dir'],
    renderer: !values['no-renderer'],
    log: values.quiet ? () => {} : undefined,
  })
  if (!values.quiet) console.log(`build finished in ${((Date.now() - started) / 1000).toFixed(1)} s`)
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  cli().catch((error) => {
    // esbuild and vite have already printed their diagnostics with file and line.
    console.error(`build failed: ${error instanceof BuildError ? error.message : (error?.message ?? String(error)).split('\n')[0]}`)
    process.exit(1)
  })
}
