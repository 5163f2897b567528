// `npm run bench:assess`: one host against the whole catalog, 1,000 inventories, peak memory.
// Targets (issue 4): ≤ 50 ms per host once started; 1,000 inventories ≤ 10 s; ≤ 300 MB.
//
// Uses the catalog at PATCHLANE_BENCH_DB when given, else imports the whole real catalog
// (../shared/data/msrc-cvrf-all) into a temp store first, in a child process, and measures in
// another: the import is neither timed nor measured here (`npm run bench:catalog` measures it).
// Run in the measured process, its leftovers (SQLite pages, freed parse buffers the allocator
// keeps) were 110 MB of the peak.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { assessHost } from '../../src-main/assess/assess-host'
import { CatalogCache } from '../../src-main/assess/catalog-cache'
import { indexMitigationRules } from '../../src-main/assess/mitigations/evaluate-rules'
import { parseShippedRules } from '../../src-main/assess/mitigations/load-rules'
import { importPaths } from '../../src-main/catalog/importer'
import type { HostInventory } from '../../src-main/contract/schemas/inventory'
import { CollectorOutput } from '../../src-main/powershell/collector-output'
import { inventoryFromCollector } from '../../src-main/inventory/from-collector'
import { parseInventoryFile } from '../../src-main/inventory/parse-inventory-file'
import { openDatabase } from '../../src-main/store/database'
import { SHARED_DATA } from '../helpers/shared-data'

const NOW = new Date('2026-07-10T00:00:00Z')
let peakRss = process.memoryUsage().rss
const sample = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss))
const sampler = setInterval(sample, 20)

const IMPORT_ONLY = '--import-catalog-to'

/** Imports the whole real catalog into `file` (the child process's whole job). */
async function importCatalog(file: string): Promise<void> {
  const db = openDatabase(file)
  await importPaths(db, [path.join(SHARED_DATA, 'msrc-cvrf-all'), path.join(SHARED_DATA, 'cisa-kev', 'known_exploited_vulnerabilities_2025.08.25.json')])
  db.close()
}

/**
 * Without PATCHLANE_BENCH_DB: imports the whole catalog in one child process, then measures in a
 * second one given that store, as `patchlane assess` opens an existing catalog; this process only
 * waits, and removes the store.
 */
function runWithFreshCatalog(): never {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'patchlane-bench-assess-'))
  const file = path.join(dir, 'patchlane.db')
  try {
    process.stdout.write('importing the whole catalog first, in a child process (not timed, not measured)…\n')
    const imported = spawnSync(process.execPath, [...process.execArgv, process.argv[1] ?? '', IMPORT_ONLY, file], { stdio: 'inherit' })
    if (imported.status !== 0) throw new Error(`the catalog import failed (exit ${imported.status ?? imported.signal})`)
    const measured = spawnSync(process.execPath, [...process.execArgv, process.argv[1] ?? ''], { stdio: 'inherit', env: { ...process.env, PATCHLANE_BENCH_DB: file } })
    process.exitCode = measured.status ?? 1
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
  process.exit()
}

function inventories(): HostInventory[] {
  const list: HostInventory[] = []
  const captures = path.join(SHARED_DATA, 'wesng', 'validation')
  for (const name of fs.readdirSync(captures).filter((f) => f.endsWith('_systeminfo.txt') || f.endsWith('_systeminfo2.txt'))) {
    try {
      list.push(parseInventoryFile(fs.readFileSync(path.join(captures, name)), name, { now: NOW }).inventory)
    } catch {
      // captures the parser refuses (XP-era) are not what this measures
    }
  }
  const samples = path.join(import.meta.dirname, '..', 'fixtures', 'powershell', 'collector')
  for (const name of fs.readdirSync(samples).filter((f) => f.endsWith('.json'))) list.push(inventoryFromCollector(CollectorOutput.parse(JSON.parse(fs.readFileSync(path.join(samples, name), 'utf8')))))
  return list
}

if (process.argv[2] === IMPORT_ONLY) {
  await importCatalog(process.argv[3] ?? '')
  process.exit(0)
}
const given = process.env.PATCHLANE_BENCH_DB
if (!given) runWithFreshCatalog()
const db = openDatabase(given ?? '')
const phase = (name: string) => process.stdout.write(`  [${name}] rss ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB (peak so far ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB), heap ${(process.memoryUsage().heapUsed / 1048576).toFixed(0)} MB\n`)
phase('store open')
const mitigations = indexMitigationRules(parseShippedRules())
const hosts = inventories()
phase('inventories parsed')
const modern = hosts.find((h) => h.os?.build === 22631) ?? hosts[0]!
assessHost(db, modern, { now: NOW, mitigations }) // prepare the statements once

// Cold: a fresh catalog cache, as `patchlane assess --systeminfo FILE` has for its one host.
const single: number[] = []
for (let i = 0; i < 20; i += 1) {
  const started = performance.now()
  assessHost(db, modern, { now: NOW, mitigations })
  single.push(performance.now() - started)
}
single.sort((a, b) => a - b)
// Warm: the cache a scan shares across its hosts.
const catalog = new CatalogCache(db)
assessHost(db, modern, { now: NOW, mitigations, catalog })
const warm: number[] = []
for (let i = 0; i < 20; i += 1) {
  const started = performance.now()
  assessHost(db, modern, { now: NOW, mitigations, catalog })
  warm.push(performance.now() - started)
}
warm.sort((a, b) => a - b)
phase('single-host runs')

const fleet = Array.from({ length: 1000 }, (_, i) => {
  const base = hosts[i % hosts.length]!
  // Vary the build revision so hosts are not identical.
  return base.os?.ubr !== null && base.os?.ubr !== undefined ? { ...base, os: { ...base.os, ubr: base.os.ubr + (i % 50) } } : base
})
const started = performance.now()
const fleetCache = new CatalogCache(db)
let findings = 0
for (const host of fleet) {
  findings += assessHost(db, host, { now: NOW, mitigations, catalog: fleetCache }).updates.length
  sample()
}
const fleetSeconds = (performance.now() - started) / 1000
phase('fleet')
clearInterval(sampler)
sample()

const median = single[Math.floor(single.length / 2)]!
console.log(`one host (${modern.os?.caption}, median of 20), cold catalog cache: ${median.toFixed(1)} ms  [target ≤ 50 ms]`)
console.log(`one host, warm catalog cache (as within a scan): ${warm[Math.floor(warm.length / 2)]!.toFixed(1)} ms`)
console.log(`1,000 inventories (${hosts.length} real captures, varied): ${fleetSeconds.toFixed(2)} s, ${findings} update findings  [target ≤ 10 s]`)
// maxRSS is the kernel's high-water mark for this process (KiB): a peak between samples counts too.
const maxRss = Math.max(peakRss / 1024, process.resourceUsage().maxRSS)
console.log(`peak RSS: ${(maxRss / 1024).toFixed(0)} MB  [target ≤ 300 MB]`)
db.close()
