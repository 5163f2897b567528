import fs from 'node:fs'
import path from 'node:path'
import type { Database } from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assessHost } from '../../../src-main/assess/assess-host'
import { indexMitigationRules, type MitigationIndex } from '../../../src-main/assess/mitigations/evaluate-rules'
import { loadMitigationRules } from '../../../src-main/assess/mitigations/load-rules'
import { importPaths } from '../../../src-main/catalog/importer'
import { ASSESS_EXIT } from '../../../src-main/cli/commands/assess'
import type { HostAssessment } from '../../../src-main/contract/schemas/assessment'
import type { HostInventory } from '../../../src-main/contract/schemas/inventory'
import { parseInventoryFile } from '../../../src-main/inventory/parse-inventory-file'
import { openDatabase } from '../../../src-main/store/database'
import { sharedDataPath } from '../../helpers/shared-data'
import { makeTempDir } from '../../helpers/temp-dir'
import { runCli } from '../scan-lab/lab-cli'

// Windows 11 23H2 against Microsoft's June and August 2024 documents: June's CVE-2024-30080 is a
// Message Queuing flaw (the shipped rule: MSMQ not running mitigates it), August's CVE-2024-38199
// an LPD flaw (mitigated when the LPD service is absent or disabled).
const NOW = new Date('2024-09-01T00:00:00Z')
const MONTHS = ['2024-Jun.xml.zst', '2024-Aug.xml.zst']
const SYSTEMINFO = ['wesng', 'validation', '11_23H2_x64_enterprise_systeminfo.txt'] as const
/** A collector document recorded from the same machine (test/fixtures/powershell/collector/README.md). */
const COLLECTOR = path.join(import.meta.dirname, '..', '..', 'fixtures', 'powershell', 'collector', 'win11-23h2.json')

let db: Database
let rules: MitigationIndex
let temp: { dir: string; cleanup: () => void }

const read = (file: string): HostInventory => parseInventoryFile(fs.readFileSync(file), path.basename(file), { now: NOW }).inventory
const assess = (inventory: HostInventory): HostAssessment => assessHost(db, inventory, { now: NOW, mitigations: rules })
const finding = (result: HostAssessment, cve: string) => result.vulnerabilities.find((v) => v.cve === cve)

beforeAll(async () => {
  temp = makeTempDir()
  db = openDatabase(path.join(temp.dir, 'patchlane.db'))
  const summary = await importPaths(db, MONTHS.map((m) => sharedDataPath('msrc-cvrf-all', m)))
  expect(summary.failed).toBe(0)
  const loaded = loadMitigationRules({ dataDir: temp.dir })
  expect(loaded.problems).toEqual([])
  rules = indexMitigationRules(loaded.rules)
})
afterAll(() => {
  db.close()
  temp.cleanup()
})

describe('mitigations that cannot be confirmed', () => {
  it('a systeminfo capture: the Message Queuing rule cannot be checked, and says that systeminfo records no services', () => {
    const result = assess(read(sharedDataPath(...SYSTEMINFO)))
    const msmq = finding(result, 'CVE-2024-30080')
    expect(msmq).toMatchObject({ state: 'exposed', mitigation: [] })
    expect(msmq?.mitigationUnconfirmed).toEqual([expect.objectContaining({ ruleId: 'msmq-service-not-running', because: 'the inventory has no service list: systeminfo does not record services' })])
    expect(finding(result, 'CVE-2024-38199')?.mitigationUnconfirmed?.map((m) => m.ruleId)).toEqual(['lpd-service-not-installed'])
    // Always present, empty when no rule applies.
    expect(result.vulnerabilities.every((v) => Array.isArray(v.mitigationUnconfirmed))).toBe(true)
    expect(result.vulnerabilities.some((v) => v.mitigationUnconfirmed?.length === 0)).toBe(true)
  })

  it('the collector inventory of the same machine: MSMQ is not installed, so the CVE is mitigated, nothing unconfirmed', () => {
    const result = assess(read(COLLECTOR))
    const msmq = finding(result, 'CVE-2024-30080')
    expect(msmq).toMatchObject({ state: 'mitigated', mitigationUnconfirmed: [] })
    expect(msmq?.mitigation).toEqual([expect.objectContaining({ ruleId: 'msmq-service-not-running', because: 'MSMQ is not installed' })])
    // The collector read no registry values: the IPv6 rule stays unconfirmed, and says why.
    expect(finding(result, 'CVE-2024-38063')?.mitigationUnconfirmed).toEqual([expect.objectContaining({ ruleId: 'ipv6-disabled', because: 'the inventory has no registry values: the collector did not read registry values' })])
  })

  it('the same collector inventory with Message Queuing installed: stopped → mitigated; running → exposed, no rule either way', () => {
    const collected = read(COLLECTOR)
    const withMsmq = (state: 'running' | 'stopped'): HostInventory => ({
      ...collected,
      services: [...(collected.services ?? []), { name: 'MSMQ', displayName: 'Message Queuing', state, startMode: 'manual' }],
    })
    const stopped = finding(assess(withMsmq('stopped')), 'CVE-2024-30080')
    expect(stopped).toMatchObject({ state: 'mitigated', mitigationUnconfirmed: [] })
    expect(stopped?.mitigation[0]?.because).toBe('MSMQ is installed, stopped, start mode manual')
    expect(finding(assess(withMsmq('running')), 'CVE-2024-30080')).toMatchObject({ state: 'exposed', mitigation: [], mitigationUnconfirmed: [] })
  })

  it('patchlane assess --json carries mitigationUnconfirmed on every vulnerability', async () => {
    const home = path.join(temp.dir, 'home')
    const imported = await runCli(['catalog', 'import', ...MONTHS.map((m) => sharedDataPath('msrc-cvrf-all', m))], home)
    expect(imported.code, imported.stderr).toBe(0)
    const run = await runCli(['assess', '--systeminfo', sharedDataPath(...SYSTEMINFO), '--json'], home)
    // Exit 4: the host misses critical updates (the capture predates June 2024).
    expect(run.code, run.stderr).toBe(ASSESS_EXIT.criticalMissing)
    const doc = JSON.parse(run.stdout) as HostAssessment
    expect(doc.vulnerabilities.length).toBeGreaterThan(0)
    expect(doc.vulnerabilities.every((v) => Array.isArray(v.mitigationUnconfirmed))).toBe(true)
    expect(doc.vulnerabilities.find((v) => v.cve === 'CVE-2024-30080')?.mitigationUnconfirmed?.[0]?.because).toBe('the inventory has no service list: systeminfo does not record services')
  }, 120_000)
})
