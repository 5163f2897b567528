import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  evaluateCondition,
  evaluateMitigations,
  indexMitigationRules,
  type MitigationInventory,
} from '../../../../../src-main/assess/mitigations/evaluate-rules'
import { parseShippedRules } from '../../../../../src-main/assess/mitigations/load-rules'
import { normalizeRegistryPath, registryValuesNeeded } from '../../../../../src-main/assess/mitigations/registry-values'
import type { Condition, MitigationRule } from '../../../../../src-main/assess/mitigations/rule-schema'
import type { HostInventory, ServiceInfo } from '../../../../../src-main/contract/schemas/inventory'
import { parseInventoryFile } from '../../../../../src-main/inventory/parse-inventory-file'
import { sharedDataPath } from '../../../../helpers/shared-data'

const NOW = new Date('2026-11-27T08:00:00Z')
const COLLECTOR_FIXTURES = path.join(import.meta.dirname, '..', '..', '..', '..', 'fixtures', 'powershell', 'collector')

function inventoryOf(file: string): HostInventory {
  return parseInventoryFile(fs.readFileSync(file), path.basename(file), { now: NOW }).inventory
}

// Collector output of a Windows Server 2025 (DNS, IIS; no MSMQ) and a Windows 11 23H2 client,
// and a real systeminfo capture (no services, features or registry values at all).
const server = inventoryOf(path.join(COLLECTOR_FIXTURES, 'server2025.json'))
const client = inventoryOf(path.join(COLLECTOR_FIXTURES, 'win11-23h2.json'))
const systeminfo = inventoryOf(sharedDataPath('wesng', 'validation', '10_1809_x64_education_en-us_20190306_systeminfo.txt'))

const rules = parseShippedRules()
const LANMAN = 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\LanmanServer\\Parameters'

function withService(inventory: HostInventory, service: Partial<ServiceInfo> & { name: string }): HostInventory {
  const others = (inventory.services ?? []).filter((s) => s.name.toLowerCase() !== service.name.toLowerCase())
  return { ...inventory, services: [...others, { displayName: null, state: 'stopped', startMode: 'manual', ...service }] }
}

function withRegistry(inventory: HostInventory, values: HostInventory['registryValues']): HostInventory {
  return { ...inventory, registryValues: values }
}

const outcome = (condition: Condition, inventory: MitigationInventory) => evaluateCondition(condition, inventory).outcome

describe('the inventories the tests use', () => {
  it('come from the real parsers', () => {
    expect(server.services?.map((s) => s.name)).toContain('W3SVC')
    expect(server.features?.every((f) => f.kind === 'server-feature')).toBe(true)
    expect(client.features?.some((f) => f.kind === 'optional-feature')).toBe(true)
    expect(systeminfo.provenance.sources).toEqual(['systeminfo'])
    expect(systeminfo.services).toBeNull()
  })
})

describe('service conditions', () => {
  const running = withService(server, { name: 'MSMQ', state: 'running', startMode: 'auto' })
  const stoppedManual = withService(server, { name: 'MSMQ', state: 'stopped', startMode: 'manual' })
  const stoppedDisabled = withService(server, { name: 'MSMQ', state: 'stopped', startMode: 'disabled' })
  const svc = (is: 'absent' | 'disabled' | 'stopped' | 'absent-or-disabled' | 'not-running'): Condition => ({ service: { name: 'MSMQ', is } })

  it('absent: holds only when the service is not installed', () => {
    expect(outcome(svc('absent'), server)).toBe('holds')
    expect(outcome(svc('absent'), stoppedDisabled)).toBe('fails')
  })

  it('disabled: needs the service installed with start mode Disabled', () => {
    expect(outcome(svc('disabled'), stoppedDisabled)).toBe('holds')
    expect(outcome(svc('disabled'), stoppedManual)).toBe('fails')
    expect(outcome(svc('disabled'), server)).toBe('fails')
  })

  it('stopped: needs the service installed and stopped', () => {
    expect(outcome(svc('stopped'), stoppedManual)).toBe('holds')
    expect(outcome(svc('stopped'), running)).toBe('fails')
    expect(outcome(svc('stopped'), server)).toBe('fails')
  })

  it('absent-or-disabled and not-running', () => {
    expect(outcome(svc('absent-or-disabled'), server)).toBe('holds')
    expect(outcome(svc('absent-or-disabled'), stoppedDisabled)).toBe('holds')
    expect(outcome(svc('absent-or-disabled'), stoppedManual)).toBe('fails')
    expect(outcome(svc('not-running'), server)).toBe('holds')
    expect(outcome(svc('not-running'), stoppedManual)).toBe('holds')
    expect(outcome(svc('not-running'), running)).toBe('fails')
  })

  it('matches service names case-insensitively and says what it saw', () => {
    const result = evaluateCondition({ service: { name: 'spooler', is: 'not-running' } }, server)
    expect(result).toMatchObject({ outcome: 'fails', condition: 'service spooler is not-running', reason: 'Spooler is installed, running, start mode auto' })
  })

  it('a state or start mode Windows did not report is unknown, not a yes', () => {
    const odd = withService(server, { name: 'MSMQ', state: 'unknown', startMode: 'unknown' })
    expect(outcome(svc('not-running'), odd)).toBe('unknown')
    expect(outcome(svc('absent-or-disabled'), odd)).toBe('unknown')
    expect(outcome(svc('absent'), odd)).toBe('fails')
  })

  it('an inventory without services (systeminfo) is unknown', () => {
    const result = evaluateCondition(svc('not-running'), systeminfo)
    expect(result.outcome).toBe('unknown')
    expect(result.reason).toBe('the inventory has no service list: systeminfo does not record services')
  })
})

describe('feature conditions', () => {
  const absent = (name: string): Condition => ({ feature: { name, is: 'absent' } })

  it('reads a client optional-feature list: listed as not installed, or not listed at all, is absent', () => {
    expect(client.features?.find((f) => f.name === 'SMB1Protocol')?.installed).toBe(false)
    expect(outcome(absent('SMB1Protocol'), client)).toBe('holds')
    expect(outcome(absent('smb1protocol'), client)).toBe('holds')
    expect(outcome(absent('Microsoft-Hyper-V'), client)).toBe('holds')
    expect(outcome(absent('MicrosoftWindowsPowerShellV2Root'), client)).toBe('fails')
  })

  it('on a server list (installed roles, display names) a missing name proves nothing', () => {
    expect(outcome(absent('SMB1Protocol'), server)).toBe('unknown')
    expect(outcome(absent('Web Server (IIS)'), server)).toBe('fails')
  })

  it('an inventory without features (systeminfo) is unknown', () => {
    expect(evaluateCondition(absent('SMB1Protocol'), systeminfo).reason).toBe('the inventory has no list of roles and features: systeminfo does not record roles and features')
  })
})

describe('registry conditions', () => {
  const equals1: Condition = { registry: { path: LANMAN, name: 'DisableCompression', equals: 1 } }
  const notEquals1: Condition = { registry: { path: LANMAN, name: 'DisableCompression', notEquals: 1 } }
  const isAbsent: Condition = { registry: { path: LANMAN, name: 'DisableCompression', absent: true } }
  const read = (value: string | number | string[] | null) => withRegistry(server, [{ path: LANMAN, name: 'DisableCompression', value }])

  it('equals: holds for the same DWORD, fails otherwise (a REG_SZ "1" is not the DWORD 1)', () => {
    expect(outcome(equals1, read(1))).toBe('holds')
    expect(outcome(equals1, read(0))).toBe('fails')
    expect(outcome(equals1, read('1'))).toBe('fails')
    expect(outcome(equals1, read(['1']))).toBe('fails')
    expect(outcome(equals1, read(null))).toBe('fails')
  })

  it('notEquals: holds when the value is absent or different', () => {
    expect(outcome(notEquals1, read(null))).toBe('holds')
    expect(outcome(notEquals1, read(0))).toBe('holds')
    expect(outcome(notEquals1, read(1))).toBe('fails')
  })

  it('absent: holds only when the value was read and does not exist', () => {
    expect(outcome(isAbsent, read(null))).toBe('holds')
    expect(outcome(isAbsent, read(0))).toBe('fails')
  })

  it('compares paths and names case-insensitively, whatever the hive spelling', () => {
    const inventory = withRegistry(server, [{ path: 'HKEY_LOCAL_MACHINE\\system\\CurrentControlSet\\Services\\LanmanServer\\Parameters\\', name: 'disablecompression', value: 1 }])
    expect(outcome(equals1, inventory)).toBe('holds')
    expect(normalizeRegistryPath('HKEY_LOCAL_MACHINE\\SYSTEM\\\\X\\')).toBe('HKLM\\SYSTEM\\X')
  })

  it('a value that was not read, or no registry values at all, is unknown', () => {
    const other = withRegistry(server, [{ path: LANMAN, name: 'SMB1', value: 0 }])
    expect(evaluateCondition(equals1, other)).toMatchObject({ outcome: 'unknown', reason: `${LANMAN}\\DisableCompression was not read from the host` })
    expect(evaluateCondition(isAbsent, server)).toMatchObject({ outcome: 'unknown', reason: 'the inventory has no registry values: the collector did not read registry values' })
    expect(outcome(notEquals1, systeminfo)).toBe('unknown')
  })
})

describe('all / any', () => {
  const yes: Condition = { service: { name: 'MSMQ', is: 'absent' } }
  const no: Condition = { service: { name: 'W3SVC', is: 'absent' } }
  const cannotTell: Condition = { feature: { name: 'SMB1Protocol', is: 'absent' } }

  it('all holds only when every part holds; one failing part decides', () => {
    expect(outcome({ all: [yes, yes] }, server)).toBe('holds')
    expect(outcome({ all: [yes, no] }, server)).toBe('fails')
    expect(outcome({ all: [yes, cannotTell] }, server)).toBe('unknown')
    expect(outcome({ all: [no, cannotTell] }, server)).toBe('fails')
  })

  it('any holds when one part holds; unknown beats fails', () => {
    expect(outcome({ any: [no, yes] }, server)).toBe('holds')
    expect(outcome({ any: [no, no] }, server)).toBe('fails')
    expect(outcome({ any: [no, cannotTell] }, server)).toBe('unknown')
    expect(outcome({ any: [cannotTell, yes] }, server)).toBe('holds')
  })

  it('explains every part, and gives the deciding reasons at the top', () => {
    const result = evaluateCondition({ any: [no, { all: [yes, cannotTell] }] }, server)
    expect(result.parts?.map((p) => p.outcome)).toEqual(['fails', 'unknown'])
    expect(result.parts?.[1]?.parts?.map((p) => p.condition)).toEqual(['service MSMQ is absent', 'feature SMB1Protocol is absent'])
    expect(result.reason).toBe("SMB1Protocol is not in the host's list of installed server roles, which names them by display name only")
    expect(evaluateCondition({ any: [no, yes] }, server).reason).toBe('MSMQ is not installed')
    expect(evaluateCondition({ all: [yes, { service: { name: 'Fax', is: 'absent' } }] }, server).reason).toBe('MSMQ is not installed; Fax is not installed')
    expect(evaluateCondition({ all: [yes, no, no] }, server).reason).toBe('W3SVC is installed, running, start mode auto')
  })
})

describe('evaluateMitigations with the shipped rules', () => {
  const msmq = { cve: 'CVE-2023-21554', componentTag: 'Windows Message Queuing' }

  it('marks CVE-2023-21554 mitigated on a host without Message Queuing, citing Microsoft', () => {
    const [finding, ...others] = evaluateMitigations(rules, server, msmq)
    expect(others).toEqual([])
    expect(finding).toMatchObject({ ruleId: 'msmq-service-not-running', status: 'mitigated', effect: 'not-exploitable', matchedBy: { kind: 'cve' } })
    expect(finding?.source.url).toBe('https://msrc.microsoft.com/update-guide/vulnerability/CVE-2023-21554')
    expect(finding?.explanation.reason).toBe('MSMQ is not installed')
  })

  it('is not mitigated where MSMQ runs, and unknown from systeminfo', () => {
    const running = withService(server, { name: 'MSMQ', state: 'running', startMode: 'auto' })
    expect(evaluateMitigations(rules, running, msmq).map((f) => f.status)).toEqual(['not-mitigated'])
    expect(evaluateMitigations(rules, systeminfo, msmq).map((f) => f.status)).toEqual(['unknown'])
  })

  it('applies a component-tag rule to a CVE it does not list', () => {
    const findings = evaluateMitigations(rules, server, { cve: 'CVE-2026-99999', componentTag: 'windows message queuing' })
    expect(findings.map((f) => [f.ruleId, f.matchedBy])).toEqual([['msmq-service-not-running', { kind: 'componentTag', tag: 'windows message queuing' }]])
  })

  it('returns nothing for a vulnerability no rule is about', () => {
    expect(evaluateMitigations(rules, server, { cve: 'CVE-2026-99999', componentTag: 'Windows Kernel' })).toEqual([])
    expect(evaluateMitigations(rules, server, { cve: 'CVE-2026-99999' })).toEqual([])
  })

  it('PrintNightmare: the running spooler is reported as not mitigated, with both rules', () => {
    const findings = evaluateMitigations(rules, server, { cve: 'CVE-2021-34527', componentTag: 'Windows Print Spooler Components' })
    expect(findings.map((f) => [f.ruleId, f.status])).toEqual([
      ['print-spooler-disabled', 'not-mitigated'],
      ['print-spooler-inbound-remote-printing-disabled', 'unknown'],
    ])
    const policy = withRegistry(server, [{ path: 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Printers', name: 'RegisterSpoolerRemoteRpcEndPoint', value: 2 }])
    expect(evaluateMitigations(rules, policy, { cve: 'CVE-2021-34527' }).map((f) => f.status)).toEqual(['not-mitigated', 'mitigated'])
  })

  it('BlueKeep: NLA by policy wins over the listener setting', () => {
    const policyPath = 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services'
    const listener = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp'
    const nla = (policy: number | null, local: number | null) =>
      evaluateMitigations(rules, withRegistry(client, [
        { path: policyPath, name: 'UserAuthentication', value: policy },
        { path: listener, name: 'UserAuthentication', value: local },
      ]), { cve: 'CVE-2019-0708' }).find((f) => f.ruleId === 'remote-desktop-network-level-authentication')?.status
    expect(nla(null, 1)).toBe('mitigated')
    expect(nla(1, 0)).toBe('mitigated')
    expect(nla(0, 1)).toBe('not-mitigated')
    expect(nla(null, 0)).toBe('not-mitigated')
  })

  it('never reports a rule mitigated from a systeminfo inventory', () => {
    for (const rule of rules) {
      for (const cve of rule.match.cves ?? []) {
        for (const finding of evaluateMitigations(rules, systeminfo, { cve })) expect(finding.status, `${finding.ruleId} on ${cve}`).toBe('unknown')
      }
    }
  })

  it('an index gives the same answers as the plain rule list', () => {
    const index = indexMitigationRules(rules)
    for (const rule of rules) {
      const cve = rule.match.cves?.[0] ?? 'CVE-2026-99999'
      expect(evaluateMitigations(index, client, { cve })).toEqual(evaluateMitigations(rules, client, { cve }))
    }
  })
})

describe('registryValuesNeeded', () => {
  it('lists each value the rules test once, in canonical form', () => {
    const rule = (id: string, condition: Condition): MitigationRule => ({
      id,
      title: id,
      match: { cves: ['CVE-2020-0796'] },
      condition,
      effect: 'reduced',
      mitigation: 'test',
      source: { title: 't', url: 'https://example.org/', quote: 'a quote of some length' },
    })
    const needed = registryValuesNeeded([
      rule('a', { registry: { path: 'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\LanmanServer\\Parameters', name: 'DisableCompression', equals: 1 } }),
      rule('b', { any: [{ registry: { path: LANMAN.toLowerCase(), name: 'disablecompression', absent: true } }, { service: { name: 'X', is: 'absent' } }] }),
    ])
    expect(needed).toEqual([{ path: LANMAN, subKey: 'SYSTEM\\CurrentControlSet\\Services\\LanmanServer\\Parameters', name: 'DisableCompression' }])
  })

  it('covers every registry value the shipped rules read', () => {
    const needed = registryValuesNeeded(rules)
    expect(needed.length).toBeGreaterThanOrEqual(10)
    expect(needed.every((v) => v.path.startsWith('HKLM\\'))).toBe(true)
    expect(new Set(needed.map((v) => `${v.path}|${v.name}`.toLowerCase())).size).toBe(needed.length)
  })
})
