import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { decodeText } from '../../../../src-main/inventory/decode-text'
import { parseInventoryFile } from '../../../../src-main/inventory/parse-inventory-file'
import { parseHotfixList } from '../../../../src-main/inventory/parse-qfe'
import { sharedDataPath } from '../../../helpers/shared-data'
import { captures } from './captures'

const NOW = new Date('2026-01-01T00:00:00Z')
const qfeFiles = captures(/_qfe\.txt$/)

function parseFile(file: string) {
  return parseInventoryFile(fs.readFileSync(file), path.basename(file), { now: NOW })
}

describe('parseHotfixList on every real wmic qfe capture', () => {
  it('finds the captures', () => {
    expect(qfeFiles.length).toBeGreaterThanOrEqual(15)
  })

  it.each(qfeFiles.map((c) => [c.name, c.file] as const))('%s', (name, file) => {
    if (fs.statSync(file).size < 16) {
      // One real capture is a bare BOM and line end: wmic found no instance. Refused, with the reason.
      expect(() => parseFile(file)).toThrow(new RegExp(`${name}.*no text.*No Instance`))
      return
    }
    const { kind, inventory } = parseFile(file)
    expect(kind).toBe('hotfix-list')
    expect(inventory.os).toBeNull()
    expect(inventory.provenance.sources).toEqual(['qfe'])
    expect(inventory.updates.length).toBeGreaterThan(0)
    // Every KB named in the raw text is in the inventory (in HotFixID or, on XP, ServicePackInEffect).
    const text = decodeText(fs.readFileSync(file)).text
    const named = new Set([...text.matchAll(/\bKB(\d{6,7})\b/g)].map((m) => `KB${m[1]}`))
    const have = new Set(inventory.updates.map((u) => u.kb))
    for (const kb of named) expect(have, kb).toContain(kb)
    // The systeminfo of the same machine and day lists no KB the qfe list lacks.
    const sibling = file.replace(/_qfe\.txt$/, '_systeminfo.txt')
    if (fs.existsSync(sibling)) {
      const si = parseFile(sibling).inventory
      for (const u of si.updates) if (u.kb) expect(have, `${u.kb} of ${path.basename(sibling)}`).toContain(u.kb)
    }
  })
})

describe('parseHotfixList facts', () => {
  const wesng = (name: string) => parseFile(sharedDataPath('wesng', 'validation', name)).inventory

  it('reads M/D/YYYY InstalledOn, description and installer', () => {
    const inv = wesng('10_1809_x64_education_en-us_20190306_qfe.txt')
    const byKb = new Map(inv.updates.map((u) => [u.kb, u]))
    expect(byKb.get('KB4483452')).toMatchObject({ installedOn: '2019-02-18', description: 'Update', installedBy: 'NT AUTHORITY\\SYSTEM', source: 'qfe' })
    expect(byKb.get('KB4465477')?.installedOn).toBe('2018-10-22')
    expect(byKb.get('KB2693643')?.installedBy).toBe('LAPTOP\\User')
  })

  it('reads Vista FILETIME and YYYYMMDD dates and keeps GUID and bare-number ids', () => {
    const inv = wesng('vista_x64_sp1_qfe.txt')
    const guid = inv.updates.find((u) => u.id.startsWith('{'))
    expect(guid).toMatchObject({ kb: null, installedOn: '2019-03-21' })
    const bare = inv.updates.find((u) => u.id === '943729')
    expect(bare?.kb).toBe('KB943729')
    // 01d4dfd0fb4eb361 is 2019-03-21 as a FILETIME.
    expect(inv.updates.find((u) => u.kb === 'KB937286')?.installedOn).toBe('2019-03-21')
    expect(inv.computerName).toBe('WINVISTASP0X64')
  })

  it('reads XP lists: the notice before the header, UTF-16 after ASCII, KB in ServicePackInEffect', () => {
    const rtm = wesng('xp_rtm_x86_professional_en-us_qfe.txt')
    expect(rtm.updates.map((u) => u.kb).sort()).toEqual(['KB147222', 'KB893803'])
    const x64 = wesng('xp_sp2_x64_qfe.txt')
    expect(x64.provenance.encoding).toBe('utf-16le')
    expect(x64.computerName).toBe('USER-8CEF73C787')
    expect(x64.updates.find((u) => u.kb === 'KB2115168')?.installedOn).toBe('2019-03-21')
  })

  it('reads a Russian list re-encoded to UTF-8 whose columns shifted', () => {
    const inv = wesng('srv_2012r2_x64_standard_ru_qfe.txt')
    expect(inv.updates).toHaveLength(7)
    expect(inv.updates[0]).toMatchObject({ kb: 'KB2919355', installedBy: 'TEST_dc\\Администратор', installedOn: '2014-03-18' })
    expect(inv.computerName).toBe('DC')
  })

  it('reads Get-HotFix | Format-List (vuls) and matches vuls expectations', () => {
    const expected = JSON.parse(fs.readFileSync(sharedDataPath('vuls', 'vuls_windows_test_expected.json'), 'utf8')) as {
      parser_cases: Array<{ file: string; test: string; expected_by_vuls: { kbs?: string[] } }>
    }
    const c = expected.parser_cases.find((p) => p.test === 'Test_parseGetHotfix')
    expect(c).toBeDefined()
    const { inventory } = parseFile(sharedDataPath('vuls', 'windows-outputs', c?.file ?? ''))
    expect(inventory.provenance.sources).toEqual(['get-hotfix'])
    expect(inventory.updates.map((u) => u.kb)).toEqual((c?.expected_by_vuls.kbs ?? []).map((k) => `KB${k}`))
  })

  it('takes the OS given separately', () => {
    const si = wesng('10_1809_x64_pro_en-us_20190307_systeminfo.txt')
    const text = decodeText(fs.readFileSync(sharedDataPath('wesng', 'validation', '10_1809_x64_pro_en-us_20190307_qfe.txt'))).text
    const inv = parseHotfixList(text, { fileName: 'qfe.txt', encoding: 'utf-16le', os: si.os, now: NOW })
    expect(inv.os?.build).toBe(17763)
    expect(inv.provenance.warnings.join('\n')).not.toMatch(/does not name the operating system/)
  })
})

describe('other hotfix list shapes, built from a real list', () => {
  const real = parseFile(sharedDataPath('wesng', 'validation', '10_1809_x64_education_en-us_20190306_qfe.txt')).inventory.updates

  it('wmic qfe list /format:csv', () => {
    const csv = ['', 'Node,Caption,CSName,Description,FixComments,HotFixID,InstallDate,InstalledBy,InstalledOn,Name,ServicePackInEffect,Status']
    for (const u of real) {
      const [y, m, d] = (u.installedOn ?? '').split('-').map(Number)
      csv.push(`LAPTOP,http://support.microsoft.com/?kbid=${u.kb?.slice(2)},LAPTOP,${u.description},,${u.id},,${u.installedBy},${m}/${d}/${y},,,`)
    }
    const inv = parseHotfixList(csv.join('\r\n'), { fileName: 'qfe.csv', encoding: 'utf-8', now: NOW })
    expect(inv.provenance.sources).toEqual(['qfe'])
    expect(inv.computerName).toBe('LAPTOP')
    expect(inv.updates.map((u) => ({ ...u }))).toEqual(real)
  })

  it('Get-HotFix as a table, with day-first dates settled by a 13+', () => {
    const lines = ['', 'Source        Description      HotFixID      InstalledBy          InstalledOn', '------        -----------      --------      -----------          -----------']
    for (const u of real) {
      const [y, m, d] = (u.installedOn ?? '').split('-')
      lines.push(`LAPTOP        ${(u.description ?? '').padEnd(17)}${u.id.padEnd(14)}${(u.installedBy ?? '').padEnd(21)}${d}/${m}/${y} 00:00:00`)
    }
    const inv = parseHotfixList(lines.join('\n'), { fileName: 'hotfix.txt', encoding: 'utf-16le', now: NOW })
    expect(inv.provenance.sources).toEqual(['get-hotfix'])
    expect(inv.updates.map((u) => [u.kb, u.installedOn, u.description])).toEqual(real.map((u) => [u.kb, u.installedOn, u.description]))
  })

  it('Get-HotFix | Export-Csv', () => {
    const lines = ['#TYPE System.Management.ManagementObject#root\\cimv2\\Win32_QuickFixEngineering', '"PSComputerName","InstalledOn","__GENUS","Description","HotFixID","InstalledBy"']
    for (const u of real) lines.push(`"LAPTOP","${u.installedOn?.replace(/(\d+)-(\d+)-(\d+)/, (_, y, m, d) => `${Number(m)}/${Number(d)}/${y}`)} 12:00:00 AM","2","${u.description}","${u.id}","${u.installedBy}"`)
    const inv = parseHotfixList(lines.join('\r\n'), { fileName: 'hotfix.csv', encoding: 'utf-8', now: NOW })
    expect(inv.provenance.sources).toEqual(['get-hotfix'])
    expect(inv.updates.map((u) => [u.kb, u.installedOn])).toEqual(real.map((u) => [u.kb, u.installedOn]))
  })
})
