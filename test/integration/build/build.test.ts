import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import { builtinModules } from 'node:module'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testPowerShell } from '../../helpers/pwsh'

const root = path.resolve(import.meta.dirname, '../../..')
// Inside the repository (test-results/ is ignored) so the bundles resolve node_modules the way
// out/ does: better-sqlite3 and node-powershell stay external.
const resultsDir = path.join(root, 'test-results')
const withRenderer = fs.existsSync(path.join(root, 'vite.config.ts'))

/** Every `require("…")` a bundle makes, i.e. what must exist at run time beside it. */
function requires(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8')
  return [...new Set([...text.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1] as string))].sort()
}

describe('npm run build (scripts/build.mjs)', () => {
  let outDir: string
  let build: ReturnType<typeof spawnSync>
  beforeAll(() => {
    fs.mkdirSync(resultsDir, { recursive: true })
    outDir = fs.mkdtempSync(path.join(resultsDir, 'build-'))
    build = spawnSync(process.execPath, ['scripts/build.mjs', '--out-dir', outDir, ...(withRenderer ? [] : ['--no-renderer'])], { cwd: root, encoding: 'utf8' })
  }, 300_000)
  afterAll(() => fs.rmSync(outDir, { recursive: true, force: true }))

  it('finishes and writes the three bundles and the scripts', () => {
    expect(build.stderr).toBe('')
    expect(build.status).toBe(0)
    for (const file of ['main/app.cjs', 'preload/index.cjs', 'cli/patchlane.cjs', 'scripts/Get-PatchlaneHost.ps1']) {
      expect(fs.existsSync(path.join(outDir, file)), file).toBe(true)
    }
    const sources = fs.readdirSync(path.join(root, 'src-main/powershell/scripts')).filter((f) => /\.ps(m|d)?1$/i.test(f)).sort()
    expect(fs.readdirSync(path.join(outDir, 'scripts')).sort()).toEqual(sources)
  })

  it('keeps the preload self-contained: it requires electron and nothing else', () => {
    expect(requires(path.join(outDir, 'preload/index.cjs'))).toEqual(['electron'])
  })

  it('keeps native modules external and electron out of the CLI', () => {
    const main = requires(path.join(outDir, 'main/app.cjs'))
    expect(main).toEqual(expect.arrayContaining(['electron', 'better-sqlite3', 'node-powershell']))
    // Anything else would be missing at run time: only Node built-ins and the declared externals.
    const allowed = new Set([...builtinModules, 'electron', 'better-sqlite3', 'node-powershell'])
    expect(main.filter((name) => !name.startsWith('node:') && !allowed.has(name))).toEqual([])
    const cli = requires(path.join(outDir, 'cli/patchlane.cjs'))
    expect(cli).not.toContain('electron')
    expect(cli).toContain('better-sqlite3')
  })

  it('makes an executable CLI that runs `doctor --json` with the copied scripts', () => {
    const cli = path.join(outDir, 'cli/patchlane.cjs')
    expect(fs.readFileSync(cli, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true)
    expect(fs.statSync(cli).mode & 0o111).not.toBe(0)
    const home = path.join(outDir, 'home')
    const env: NodeJS.ProcessEnv = { ...process.env, PATCHLANE_HOME: home }
    delete env.PATCHLANE_SCRIPTS_DIR
    const pwsh = testPowerShell()
    const doctor = spawnSync(process.execPath, [cli, 'doctor', '--json'], { encoding: 'utf8', env, timeout: 60_000 })
    const report = JSON.parse(doctor.stdout) as { dataDir: string; db: { path: string; schemaVersion: number }; powershell: { path: string } | null }
    expect(report.dataDir).toBe(home)
    expect(report.db.path).toBe(path.join(home, 'patchlane.db'))
    expect(report.db.schemaVersion).toBeGreaterThan(0)
    expect(fs.existsSync(report.db.path)).toBe(true)
    if (pwsh) {
      // Get-PatchlaneHost.ps1 ran from out/scripts: the bundle found its scripts beside itself.
      expect(report.powershell?.path).toBe(pwsh)
      expect(doctor.status).toBe(0)
    } else {
      expect(doctor.status).toBe(1)
    }
  })

  it.runIf(withRenderer)('builds the renderer as a page that loads over file://', () => {
    const html = fs.readFileSync(path.join(outDir, 'renderer/index.html'), 'utf8')
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] as string)
    expect(assets.length).toBeGreaterThan(0)
    // Absolute paths (/assets/…) resolve to the drive root under file://: vite needs base './'.
    for (const asset of assets) {
      expect(asset, asset).not.toMatch(/^\/|^https?:/)
      expect(fs.existsSync(path.join(outDir, 'renderer', asset)), asset).toBe(true)
    }
  })
})
