import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { mergeInventories } from '../../../../src-main/inventory/merge-inventories'
import { parseInventoryFile } from '../../../../src-main/inventory/parse-inventory-file'
import { mapToMsrcProducts } from '../../../../src-main/inventory/product-mapping'
import { sharedDataPath } from '../../../helpers/shared-data'

const NOW = new Date('2026-01-01T00:00:00Z')
const vuls = (name: string) => parseInventoryFile(fs.readFileSync(sharedDataPath('vuls', 'windows-outputs', name)), name, { now: NOW })

interface VulsOsInfo {
  productName: string
  build: string
  revision: string
  edition: string
  arch: string
  installationType: string
}
const expected = JSON.parse(fs.readFileSync(sharedDataPath('vuls', 'vuls_windows_test_expected.json'), 'utf8')) as {
  parser_cases: Array<{ file: string; test: string; expected_by_vuls: { osInfo?: VulsOsInfo; kbs?: string[] } }>
}
const osCases = expected.parser_cases.filter((c) => ['Test_parseGetComputerInfo', 'Test_parseWmiObject', 'Test_parseRegistry'].includes(c.test))

describe('OS listings (Get-ComputerInfo, registry, Win32_OperatingSystem), against vuls expectations', () => {
  it('has the three cases', () => {
    expect(osCases).toHaveLength(3)
  })

  it.each(osCases.map((c) => [c.file, c] as const))('%s', (file, c) => {
    const { kind, inventory } = vuls(file)
    const want = c.expected_by_vuls.osInfo
    expect(kind).toBe('os-properties')
    expect(inventory.updates).toEqual([])
    expect(inventory.updatesComplete).toBe(false)
    expect(inventory.os?.caption).toBe(want?.productName)
    expect(String(inventory.os?.build)).toBe(want?.build)
    expect(inventory.os?.ubr === null ? '' : String(inventory.os?.ubr)).toBe(want?.revision)
    expect(inventory.os?.buildSource).toBe(want?.revision ? 'registry' : 'os-version')
    if (want?.edition) expect(inventory.os?.edition).toBe(want.edition)
    expect(inventory.os?.architecture).toBe('x64')
    expect(inventory.os?.installationType).toBe('client')
    expect(mapToMsrcProducts(inventory).products.map((p) => p.name)).toEqual(['Windows 10 Version 21H2 for x64-based Systems'])
  })

  it('reads the domain role of Win32_ComputerSystem', () => {
    expect(vuls('vuls_Get-WmiObject_Win32_OperatingSystem_happy.txt').inventory.os?.domainRole).toBe('member-workstation')
  })

  it('gives a Get-HotFix list its OS, and systeminfo its UBR', () => {
    const registry = vuls('vuls_registry_CurrentVersion_happy.txt').inventory
    const hotfix = vuls('vuls_Get-Hotfix_happy.txt').inventory
    const merged = mergeInventories(registry, hotfix)
    expect(merged.os).toMatchObject({ build: 19044, ubr: 2364, buildSource: 'registry' })
    expect(merged.updates.map((u) => u.kb)).toEqual(['KB5020872', 'KB4562830'])
    expect(merged.updatesComplete).toBe(true)
    expect(merged.provenance.warnings).toEqual([])

    const si = vuls('vuls_systeminfo_Workstation.txt').inventory
    const withUbr = mergeInventories(si, registry)
    expect(withUbr.os).toMatchObject({ caption: 'Microsoft Windows 10 Pro', build: 19044, ubr: 2364, buildSource: 'registry', edition: 'Pro' })
    expect(withUbr.updates).toEqual(si.updates)
    expect(withUbr.updatesComplete).toBe(true)
  })

  it('refuses to merge two builds', () => {
    const registry = vuls('vuls_registry_CurrentVersion_happy.txt').inventory
    const server = vuls('vuls_systeminfo_Server.txt').inventory
    expect(() => mergeInventories(server, registry)).toThrow(/different Windows builds \(20348 and 19044\)/)
  })
})

describe('listings that are recognised but not inventories', () => {
  it.each([
    ['vuls_WindowsUpdateHistory_ja_happy.txt', /Windows Update history/],
    ['vuls_Get-Package_msu_ja_happy.txt', /package names only \(Get-Package\)/],
    ['vuls_WindowsUpdateSearch_kbids_happy.txt', /bare list of KB numbers/],
  ])('%s', (name, reason) => {
    expect(() => vuls(name)).toThrow(reason)
  })
})
