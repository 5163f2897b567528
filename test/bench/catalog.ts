/**
 * The catalog's performance targets, measured on the real data: importing the whole MSRC catalog
 * (../shared/data/msrc-cvrf-all, 190 documents, 349 MB of XML) ≤ 30 s with peak memory ≤ 400 MB,
 * re-importing it unchanged ≤ 5 s, `catalog status` < 200 ms; plus what assessing a host costs in
 * queries, and the bundle. Each phase runs in its own process so its peak memory is its own.
 * Prints its figures; `npm run bench:catalog`.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { SHARED_DATA } from '../helpers/shared-data'

const ROOT = path.resolve(import.meta.dirname, '..', '..')
const CATALOG = path.join(SHARED_DATA, 'msrc-cvrf-all')
const KEV = path.join(SHARED_DATA, 'cisa-kev', 'known_exploited_vulnerabilities_2025.08.25.json')

interface PhaseResult {
  readonly wallMs: number
  readonly cpuMs: number
  readonly maxRssMB: number
  readonly detail: Record<string, unknown>
}

async function runPhase(phase: string, dbFile: string): Promise<PhaseResult> {
  const { openDatabase } = await import('../../src-main/store/database')
  const started = performance.now()
  const usage0 = process.resourceUsage()
  let detail: Record<string, unknown> = {}
  const db = openDatabase(dbFile)
  const openMs = Math.round(performance.now() - started)
  if (phase === 'baseline') {
    detail = {}
  } else if (phase === 'largest') {
    const { importPaths } = await import('../../src-main/catalog/importer')
    const summary = await importPaths(db, [path.join(CATALOG, '2024-Dec.xml.zst')])
    detail = { imported: summary.imported }
  } else if (phase === 'import' || phase === 'reimport') {
    const { importPaths } = await import('../../src-main/catalog/importer')
    const summary = await importPaths(db, [CATALOG, KEV])
    detail = { imported: summary.imported, replaced: summary.replaced, skipped: summary.skipped, failed: summary.failed }
  } else if (phase === 'status') {
    const { catalogStatus } = await import('../../src-main/catalog/status')
    const t0 = performance.now()
    detail = { ...catalogStatus(db, dbFile), statusMs: Math.round(performance.now() - t0), openMs }
  } else if (phase === 'queries') {
    const q = await import('../../src-main/catalog/queries')
    const products = db.prepare(`SELECT product_id AS id FROM catalog_products WHERE name LIKE 'Windows%' ORDER BY product_id`).all() as Array<{ id: string }>
    const kbs = db.prepare(`SELECT DISTINCT kb FROM catalog_remediations WHERE kb IS NOT NULL ORDER BY kb DESC LIMIT 200`).all() as Array<{ kb: string }>
    const t0 = performance.now()
    let fixes = 0
    for (const p of products) fixes += q.fixesForProduct(db, p.id).length
    const t1 = performance.now()
    for (const { kb } of kbs) {
      q.kbInfo(db, kb)
      q.supersedes(db, kb)
      q.supersededBy(db, kb)
    }
    const t2 = performance.now()
    detail = {
      windowsProducts: products.length,
      fixesReturned: fixes,
      msPerFixesForProduct: +((t1 - t0) / products.length).toFixed(2),
      msPerKbLookup: +((t2 - t1) / kbs.length).toFixed(3),
    }
  } else if (phase === 'export') {
    const { exportBundle } = await import('../../src-main/catalog/bundle')
    const result = await exportBundle(db, `${dbFile}.plcat`, { now: new Date() })
    detail = { bundleMB: +(result.bytes / 1e6).toFixed(1), documents: result.documents }
  }
  db.close()
  const usage = process.resourceUsage()
  return {
    wallMs: Math.round(performance.now() - started),
    cpuMs: Math.round((usage.userCPUTime + usage.systemCPUTime - usage0.userCPUTime - usage0.systemCPUTime) / 1000),
    maxRssMB: Math.round(usage.maxRSS / 1024),
    detail,
  }
}

function child(phase: string, dbFile: string): PhaseResult {
  const out = execFileSync(process.execPath, [...process.execArgv, import.meta.filename, '--phase', phase, dbFile], { encoding: 'utf8', maxBuffer: 1 << 20 })
  return JSON.parse(out.trim().split('\n').at(-1)!) as PhaseResult
}

async function main(): Promise<void> {
  const index = process.argv.indexOf('--phase')
  if (index >= 0) {
    process.stdout.write(`${JSON.stringify(await runPhase(process.argv[index + 1]!, process.argv[index + 2]!))}\n`)
    return
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'patchlane-bench-catalog-'))
  const dbFile = path.join(dir, 'patchlane.db')
  try {
    const xmlMB = 349
    console.log(`catalog bench on ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(1)} (other work on the machine slows wall times; CPU time shows the import's own cost)`)
    const baseline = child('baseline', path.join(dir, 'baseline.db'))
    const largest = child('largest', path.join(dir, 'largest.db'))
    console.log(
      `largest document alone (2024-Dec, 10.8 MB of XML): ${(largest.wallMs / 1000).toFixed(1)} s, peak RSS ${largest.maxRssMB} MB (a process that only opens the store: ${baseline.maxRssMB} MB)`,
    )
    const first = child('import', dbFile)
    console.log(`import whole catalog (190 documents, ${xmlMB} MB XML) + KEV: ${(first.wallMs / 1000).toFixed(1)} s wall, ${(first.cpuMs / 1000).toFixed(1)} s CPU, peak RSS ${first.maxRssMB} MB  [target ≤ 30 s, ≤ 400 MB]`, first.detail)
    const again = child('reimport', dbFile)
    console.log(`re-import unchanged: ${(again.wallMs / 1000).toFixed(1)} s wall, ${(again.cpuMs / 1000).toFixed(1)} s CPU, peak RSS ${again.maxRssMB} MB  [target ≤ 5 s]`, again.detail)
    const status = child('status', dbFile)
    console.log(
      `catalog status: ${status.detail.statusMs as number} ms for the counts  [target < 200 ms]; opening the store took ${status.detail.openMs as number} ms (openDatabase runs PRAGMA integrity_check over the whole file)`,
    )
    const { dbBytes, documents, vulnerabilities, remediations, exploited, kev } = status.detail
    console.log(`  store: ${documents} documents, ${vulnerabilities} CVEs, ${remediations} remediations, ${exploited} exploited, KEV ${JSON.stringify(kev)}, ${((dbBytes as number) / 1e6).toFixed(0)} MB`)
    const cliStart = performance.now()
    const cli = spawnSync(process.execPath, [...process.execArgv, path.join(ROOT, 'src-main', 'cli', 'main.ts'), 'catalog', 'status', '--json'], {
      env: { ...process.env, PATCHLANE_HOME: dir },
      encoding: 'utf8',
    })
    console.log(`  \`patchlane catalog status --json\` as a process (tsx start-up included): ${Math.round(performance.now() - cliStart)} ms, exit ${cli.status}`)
    const queries = child('queries', dbFile)
    console.log(`assessment queries:`, queries.detail)
    const exported = child('export', dbFile)
    console.log(`export bundle: ${(exported.wallMs / 1000).toFixed(1)} s, peak RSS ${exported.maxRssMB} MB`, exported.detail)
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

await main()
