import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { mergeInventories, withInferredUbr } from '../../../../src-main/inventory/merge-inventories'
import { parseInventoryFile } from '../../../../src-main/inventory/parse-inventory-file'
import { sharedDataPath } from '../../../helpers/shared-data'

const NOW = new Date('2026-01-01T00:00:00Z')
const read = (folder: string, name: string) => parseInventoryFile(fs.readFileSync(sharedDataPath('wesng', folder, name)), name, { now: NOW }).inventory

describe('mergeInventories', () => {
  it("completes systeminfo's cut list with the same host's wmic qfe list", () => {
    const folder = 'validation-2019-falsepositives-with-wes-output'
    const si = read(folder, '7_sp1_x64_enterprise_en-us_20190305_systeminfo.txt')
    const qfe = read(folder, '7_sp1_x64_enterprise_en-us_20190305_qfe.txt')
    expect(si.updatesComplete).toBe(false)
    const merged = mergeInventories(si, qfe)
    expect(merged.updatesComplete).toBe(true)
    expect(merged.os).toEqual(si.os)
    expect(merged.computerName).toBe('WIN7SP1X64')
    expect(merged.provenance.sources).toEqual(['systeminfo', 'qfe'])
    // systeminfo said 273 installed; the merged list has at least those, each KB of either source once.
    expect(merged.updates.length).toBeGreaterThanOrEqual(273)
    const kbs = new Set(merged.updates.map((u) => u.kb))
    for (const u of [...si.updates, ...qfe.updates]) expect(kbs).toContain(u.kb)
    expect(merged.updates.find((u) => u.kb === 'KB2849697')?.installedOn).toBe('2015-05-22')
    expect(merged.provenance.warnings.join('\n')).not.toMatch(/listed 245/)
  })

  it('refuses lists of two different hosts', () => {
    const si = read('validation', '10_1809_x64_education_en-us_20190306_systeminfo.txt')
    const qfe = read('validation', '7_sp1_x64_enterprise_en-us_B_qfe.txt')
    expect(() => mergeInventories(si, qfe)).toThrow(/is of host WIN7SP1X64, but .* is of LAPTOP/)
  })
})

describe('withInferredUbr', () => {
  it('records a UBR the catalog inferred, and says where it came from', () => {
    const si = read('validation', '11_23H2_x64_enterprise_systeminfo.txt')
    const done = withInferredUbr(si, 2861, 'KB5033375')
    expect(done.os).toMatchObject({ build: 22631, ubr: 2861, buildSource: 'inferred-from-updates' })
    expect(done.provenance.warnings.join('\n')).toMatch(/UBR 2861 was inferred .* KB5033375/)
  })
})
