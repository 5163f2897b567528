import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cvrfXmlPath } from '../../helpers/catalog-fixtures'
import { sharedDataPath } from '../../helpers/shared-data'
import { makeTempDir } from '../../helpers/temp-dir'

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..')
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx')

/** The environment minus any proxy settings, so no test traffic leaves loopback through one. */
function withoutProxies(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !/^(https?|no|all)_proxy$/i.test(key)))
}

describe('patchlane catalog (CLI)', () => {
  let temp: ReturnType<typeof makeTempDir>
  beforeAll(() => {
    temp = makeTempDir('patchlane-catalog-cli-')
  })
  afterAll(() => temp.cleanup())
  const run = (...args: string[]) =>
    spawnSync(TSX, [path.join(ROOT, 'src-main', 'cli', 'main.ts'), 'catalog', ...args], {
      env: {
        ...withoutProxies(process.env),
        PATCHLANE_HOME: path.join(temp.dir, 'home'),
        // A closed port on loopback: sync must fail there, never reach out anywhere else.
        PATCHLANE_MSRC_URL: 'http://127.0.0.1:9/cvrf/v3.0',
        PATCHLANE_KEV_URL: 'http://127.0.0.1:9/kev.json',
      },
      encoding: 'utf8',
      timeout: 120_000,
    })

  it('starts empty: status --json prints exactly the status document', () => {
    const result = run('status', '--json')
    expect(result.status).toBe(0)
    const status = JSON.parse(result.stdout)
    expect(status).toMatchObject({ documents: 0, newestDocument: null, vulnerabilities: 0, products: 0, remediations: 0, exploited: 0, kev: null })
    expect(Object.keys(status)).toEqual(
      expect.arrayContaining(['documents', 'newestDocument', 'vulnerabilities', 'products', 'remediations', 'exploited', 'kev', 'dbBytes']),
    )
  })

  it('imports good files, names each bad one, prints a summary and exits non-zero', () => {
    const bad = path.join(temp.dir, 'not-cvrf.json')
    fs.writeFileSync(bad, JSON.stringify({ value: 1 }))
    const result = run('import', cvrfXmlPath('2023-Dec'), sharedDataPath('cisa-kev', 'known_exploited_vulnerabilities_2025.08.25.json'), bad)
    expect(result.status).toBe(1)
    expect(result.stderr).toContain(`${bad}: JSON of the wrong shape`)
    expect(result.stdout).toMatch(/Catalog import: 2 imported, 0 replaced by a newer revision, 0 unchanged, 1 failed; KEV 1404 CVEs/)
    const status = JSON.parse(run('status', '--json').stdout)
    expect(status).toMatchObject({ documents: 1, newestDocument: '2023-Dec', kev: { count: 1404, asOf: '2025-08-25T17:04:19Z' } })
  })

  it('exports a bundle and imports it again with --json', () => {
    const file = path.join(temp.dir, 'catalog.plcat')
    const exported = run('export', file, '--json')
    expect(exported.status).toBe(0)
    expect(JSON.parse(exported.stdout)).toMatchObject({ file, documents: 1 })
    const imported = run('import', file, '--json')
    expect(imported.status).toBe(0)
    expect(JSON.parse(imported.stdout)).toMatchObject({ imported: 0, skipped: 2, failed: 0 })
  })

  it('reports an unreachable MSRC endpoint as a failed sync', () => {
    const result = run('sync')
    expect(result.status).toBe(1)
    expect(result.stderr).toMatch(/patchlane: Reading the MSRC update index failed after \d attempts/)
    expect(JSON.parse(run('status', '--json').stdout).lastError).toMatch(/MSRC update index/)
  }, 120_000)
})
