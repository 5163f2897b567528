import { describe, expect, it } from 'vitest'
import { Condition, MitigationRule, OverrideFile, RulesFile } from '../../../../../src-main/assess/mitigations/rule-schema'

const base = {
  id: 'webclient-off',
  title: 'WebClient off',
  match: { cves: ['ADV200006'] },
  condition: { service: { name: 'WebClient', is: 'absent-or-disabled' } },
  effect: 'reduced',
  mitigation: 'WebDAV client is off.',
  source: { title: 'ADV200006', url: 'https://msrc.microsoft.com/update-guide/vulnerability/ADV200006', quote: 'Disable the WebClient service' },
}

describe('MitigationRule', () => {
  it('accepts CVE and ADV ids, and a match by component tag only', () => {
    expect(MitigationRule.safeParse(base).success).toBe(true)
    expect(MitigationRule.safeParse({ ...base, match: { componentTags: ['Windows Message Queuing'] } }).success).toBe(true)
  })

  it('refuses an empty match, a malformed id or CVE, and unknown fields', () => {
    expect(MitigationRule.safeParse({ ...base, match: {} }).success).toBe(false)
    expect(MitigationRule.safeParse({ ...base, match: { cves: [], componentTags: [] } }).success).toBe(false)
    expect(MitigationRule.safeParse({ ...base, match: { cves: ['CVE-23-1'] } }).success).toBe(false)
    expect(MitigationRule.safeParse({ ...base, id: 'Web Client' }).success).toBe(false)
    expect(MitigationRule.safeParse({ ...base, severity: 'high' }).success).toBe(false)
    expect(MitigationRule.safeParse({ ...base, effect: 'maybe' }).success).toBe(false)
  })

  it('wants a source with a web address and a real quote', () => {
    expect(MitigationRule.safeParse({ ...base, source: { ...base.source, url: 'file:///c:/notes.txt' } }).success).toBe(false)
    expect(MitigationRule.safeParse({ ...base, source: { ...base.source, quote: 'short' } }).success).toBe(false)
    expect(MitigationRule.safeParse({ ...base, source: { ...base.source, section: 'Blog' } }).success).toBe(false)
  })
})

describe('Condition', () => {
  const ok = (condition: unknown) => Condition.safeParse(condition).success

  it('accepts every kind, nested', () => {
    for (const is of ['absent', 'disabled', 'stopped', 'absent-or-disabled', 'not-running']) expect(ok({ service: { name: 'MSSQL$SQLEXPRESS', is } })).toBe(true)
    expect(ok({ feature: { name: 'SMB1Protocol', is: 'absent' } })).toBe(true)
    expect(ok({ registry: { path: 'HKLM\\SOFTWARE\\X', name: 'Y', equals: 1 } })).toBe(true)
    expect(ok({ registry: { path: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\X', name: 'Y', notEquals: 'on' } })).toBe(true)
    expect(ok({ registry: { path: 'HKLM\\SOFTWARE\\X', name: 'Y', absent: true } })).toBe(true)
    expect(ok({ all: [{ any: [{ service: { name: 'A', is: 'absent' } }, { feature: { name: 'B', is: 'absent' } }] }] })).toBe(true)
  })

  it('refuses anything outside the small language', () => {
    expect(ok({ service: { name: 'Print Spooler', is: 'absent' } })).toBe(false) // display name, not service name
    expect(ok({ service: { name: 'Spooler', is: 'running' } })).toBe(false)
    expect(ok({ feature: { name: 'X', is: 'present' } })).toBe(false)
    expect(ok({ registry: { path: 'HKCU\\Software\\X', name: 'Y', equals: 1 } })).toBe(false)
    expect(ok({ registry: { path: 'HKLM\\SOFTWARE\\X\\', name: 'Y', equals: 1 } })).toBe(false)
    expect(ok({ registry: { path: 'HKLM\\SOFTWARE\\X', name: 'Y' } })).toBe(false)
    expect(ok({ registry: { path: 'HKLM\\SOFTWARE\\X', name: 'Y', absent: false } })).toBe(false)
    expect(ok({ all: [] })).toBe(false)
    expect(ok({ not: { service: { name: 'A', is: 'absent' } } })).toBe(false)
    expect(ok({ all: [{ service: { name: 'A', is: 'absent' } }], any: [{ service: { name: 'A', is: 'absent' } }] })).toBe(false)
  })
})

describe('files', () => {
  it('RulesFile needs schemaVersion 1 and at least one rule', () => {
    expect(RulesFile.safeParse({ schemaVersion: 1, rules: [base] }).success).toBe(true)
    expect(RulesFile.safeParse({ schemaVersion: 2, rules: [base] }).success).toBe(false)
    expect(RulesFile.safeParse({ schemaVersion: 1, rules: [] }).success).toBe(false)
  })

  it('OverrideFile takes rules and disable, both optional', () => {
    expect(OverrideFile.safeParse({ schemaVersion: 1 }).success).toBe(true)
    expect(OverrideFile.safeParse({ schemaVersion: 1, disable: ['ipv6-disabled'], rules: [{}] }).success).toBe(true)
    expect(OverrideFile.safeParse({ schemaVersion: 1, enable: ['x'] }).success).toBe(false)
  })
})
