import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { evaluateMitigations } from '../../../../../src-main/assess/mitigations/evaluate-rules'
import { parseShippedRules } from '../../../../../src-main/assess/mitigations/load-rules'
import { registryValuesNeeded } from '../../../../../src-main/assess/mitigations/registry-values'
import { inventoryFromCollector } from '../../../../../src-main/inventory/from-collector'
import { CollectorOutput } from '../../../../../src-main/powershell/collector-output'
import { remoteInventoryParams } from '../../../../../src-main/scan/remote-params'
import { getRemoteHostInventory } from '../../../../../src-main/powershell/scripts'

const sample = () =>
  JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '..', '..', '..', '..', 'fixtures', 'powershell', 'collector', 'server2025.json'), 'utf8')) as Record<string, unknown>

describe('registry values from the collector to the mitigating-factor rules', () => {
  const rules = parseShippedRules()
  const wanted = registryValuesNeeded(rules).map((v) => `${v.subKey}::${v.name}`)
  const compression = rules.find((rule) => rule.id === 'smbv3-server-compression-disabled')!

  it('asks the collector for exactly the values the shipped rules test, in a form its parameter accepts', () => {
    expect(wanted.length).toBeGreaterThan(0)
    const params = remoteInventoryParams('srv1', 'winrm', 5985, false, { registryValues: wanted })
    expect(getRemoteHostInventory.params.parse(params).RegistryValue).toEqual(wanted)
  })

  it('turns a read value into "mitigated", a value read as absent into "not mitigated", and an unread one into "unknown"', () => {
    const path = 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\LanmanServer\\Parameters'
    const withValue = (value: number | null) => inventoryFromCollector(CollectorOutput.parse({ ...sample(), registryValues: [{ path, name: 'DisableCompression', value }] }))
    const unread = inventoryFromCollector(CollectorOutput.parse(sample()))
    expect(unread.registryValues).toBeUndefined()
    const outcome = (inventory: ReturnType<typeof withValue>) => evaluateMitigations([compression], inventory, { cve: 'CVE-2020-0796', componentTag: null })[0]?.status
    expect(outcome(withValue(1))).toBe('mitigated')
    expect(outcome(withValue(null))).toBe('not-mitigated')
    expect(outcome(unread)).toBe('unknown')
  })
})
