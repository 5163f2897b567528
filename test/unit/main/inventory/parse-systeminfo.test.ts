import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { decodeText, splitLines } from '../../../../src-main/inventory/decode-text'
import { parseInventoryFile } from '../../../../src-main/inventory/parse-inventory-file'
import { parseSystemInfo } from '../../../../src-main/inventory/parse-systeminfo'
import { sharedDataPath } from '../../../helpers/shared-data'
import { captures } from './captures'

const NOW = new Date('2026-01-01T00:00:00Z')

/** What a capture's file name says about the machine (wesng names them `<os>_<release>_<arch>_…`). */
function expectedFromName(name: string): { build: number; kind: 'client' | 'server'; arch: 'x86' | 'x64' | null; sp: number | null } | null {
  const table: Array<[RegExp, number, 'client' | 'server']> = [
    [/^10_rtm_/, 10240, 'client'],
    [/^10_1803_/, 17134, 'client'],
    [/^10_1809_/, 17763, 'client'],
    [/^10_21H1_/, 19043, 'client'],
    [/^10_21H2_/, 19044, 'client'],
    [/^10_22H2_/, 19045, 'client'],
    [/^11_21H2_/, 22000, 'client'],
    [/^11_22H2_/, 22621, 'client'],
    [/^11_23H2_/, 22631, 'client'],
    [/^11_24H2_/, 26100, 'client'],
    [/^7_sp1_/, 7601, 'client'],
    [/^8\.1_/, 9600, 'client'],
    [/^vista_x64_sp(\d)/, 6000, 'client'],
    [/^xp_.*_x64_/, 3790, 'client'],
    [/^xp_/, 2600, 'client'],
    [/^srv_2003/, 3790, 'server'],
    [/^srv_2008_rtm_/, 6001, 'server'],
    [/^srv_2008r2_sp1_/, 7601, 'server'],
    [/^srv_2012r2_/, 9600, 'server'],
    [/^srv_2016_/, 14393, 'server'],
    [/^srv_2019_/, 17763, 'server'],
    [/^srv_2022_/, 20348, 'server'],
  ]
  for (const [re, build, kind] of table) {
    const m = re.exec(name)
    if (!m) continue
    const sp = /_sp(\d)/.exec(name)
    // Vista's build is 6000 + its service pack.
    const vistaBuild = name.startsWith('vista') && sp ? build + Number(sp[1]) : build
    const arch = /_x64_?/.test(name) ? 'x64' : /_x86_/.test(name) ? 'x86' : null
    return { build: vistaBuild, kind, arch, sp: sp && Number(sp[1]) > 0 ? Number(sp[1]) : null }
  }
  return null
}

/** KB ids listed as `[NN]: KB…` in the raw text (a cut-off `KB2862` excluded): an independent reading of the list. */
function listedKbs(text: string): string[] {
  return splitLines(text)
    .map((l) => /^\s+\[\d+\]\s*:\s*(KB\d{5,})/i.exec(l)?.[1]?.toUpperCase())
    .filter((kb): kb is string => kb !== undefined)
}

const systeminfos = captures(/systeminfo/i)

describe('parseSystemInfo on every real capture', () => {
  it('finds the captures', () => {
    expect(systeminfos.length).toBeGreaterThanOrEqual(50)
  })

  it.each(systeminfos.map((c) => [c.name, c.file] as const))('%s', (name, file) => {
    const { kind, inventory } = parseInventoryFile(fs.readFileSync(file), name, { now: NOW })
    expect(kind).toBe('systeminfo')
    const os = inventory.os
    expect(os).not.toBeNull()
    if (!os) return
    expect(os.caption).toMatch(/Windows/)
    expect(os.ubr).toBeNull()
    expect(os.buildSource).toBe('os-version')
    expect(os.architecture).not.toBeNull()
    const expected = expectedFromName(name)
    if (expected) {
      expect(os.build).toBe(expected.build)
      expect(os.installationType).toBe(expected.kind)
      if (expected.arch) expect(os.architecture).toBe(expected.arch)
      if (expected.sp) expect(os.servicePack).toBe(expected.sp)
    }
    // Every `[NN]: KB…` line is an update, once; nothing else became one.
    const text = decodeText(fs.readFileSync(file)).text
    const kbs = inventory.updates.filter((u) => /^KB/i.test(u.id)).map((u) => u.kb)
    expect(kbs).toEqual(listedKbs(text))
    // The count Windows printed matches, unless Windows itself cut the list (then it is flagged).
    if (inventory.updatesComplete) expect(inventory.provenance.warnings.join('\n')).not.toMatch(/listed \d+ of the/)
    else expect(inventory.provenance.warnings.join('\n')).toMatch(/listed \d+ of the \d+ installed hotfixes|"File 1"/)
    expect(inventory.provenance.sources).toEqual(['systeminfo'])
    expect(inventory.provenance.parsedAt).toBe(NOW.toISOString())
  })
})

/** Parses one wesng capture through the file entry point. */
function wesng(name: string) {
  const file = sharedDataPath('wesng', 'validation', name)
  return parseInventoryFile(fs.readFileSync(file), name, { now: NOW })
}

describe('parseSystemInfo facts, language by language', () => {
  it('reads Italian labels from an OEM 850 file, with day/month dates', () => {
    const { inventory } = wesng('10_1803_x64_pro_it_systeminfo.txt')
    expect(inventory.provenance.encoding).toBe('ibm850')
    expect(inventory.computerName).toBe('PC044')
    expect(inventory.os?.caption).toBe('Microsoft Windows 10 Pro')
    expect(inventory.os?.displayVersion).toBe('1803')
    expect(inventory.os?.installDate).toBe('2018-09-10T09:40:53')
    expect(inventory.os?.lastBootTime).toBe('2019-03-04T08:34:58')
    expect(inventory.os?.domainRole).toBe('member-workstation')
    expect(inventory.os?.locale).toBe('it')
    expect(inventory.updates.map((u) => u.kb)).toEqual([
      'KB4100347', 'KB4338853', 'KB4343669', 'KB4456655', 'KB4465663', 'KB4477137', 'KB4480979', 'KB4485449', 'KB4487038', 'KB4487017',
    ])
  })

  it('reads German labels and dd.mm.yyyy dates, and flags the list Windows cut short', () => {
    const { inventory } = wesng('7_sp1_x64_ultimaten_de_systeminfo.txt')
    expect(inventory.os?.caption).toBe('Microsoft Windows 7 Ultimate N')
    expect(inventory.os?.version).toBe('6.1.7601')
    expect(inventory.os?.servicePack).toBe(1)
    expect(inventory.os?.installDate).toBe('2016-06-15T18:34:33')
    expect(inventory.os?.lastBootTime).toBe('2019-03-04T11:44:54')
    expect(inventory.os?.domainRole).toBe('standalone-workstation')
    expect(inventory.updatesComplete).toBe(false)
    expect(inventory.updates).toHaveLength(245)
    expect(inventory.provenance.warnings.join('\n')).toMatch(/listed 245 of the 263 installed hotfixes/)
  })

  it('reads French labels the same from cmd.exe (OEM 850) and PowerShell (UTF-16) captures', () => {
    const cmd = wesng('7_sp1_x64_enterprise_fr_systeminfo_cmd.txt').inventory
    const ps = wesng('7_sp1_x64_enterprise_fr_systeminfo_powershell.txt').inventory
    expect(cmd.provenance.encoding).toBe('ibm850')
    expect(ps.provenance.encoding).toBe('utf-16le')
    for (const inv of [cmd, ps]) {
      expect(inv.computerName).toBe('WIN-IDKKFN87EL8')
      expect(inv.os?.caption).toBe('Microsoft Windows 7 Entreprise N')
      expect(inv.os?.installDate).toBe('2019-04-29T18:52:20')
      expect(inv.os?.locale).toBe('fr')
    }
    expect(cmd.updates).toHaveLength(73)
    expect(ps.updates).toHaveLength(93)
    expect(cmd.updates[0]?.kb).toBe('KB2491683')
  })

  it('reads Simplified Chinese from a GBK file', () => {
    const { inventory } = wesng('10_1809_x64_enterprise_zh-cn_systeminfo.txt')
    expect(inventory.provenance.encoding).toBe('gbk')
    expect(inventory.computerName).toBe('DESKTOP-0CQH3P2')
    expect(inventory.os?.caption).toBe('Microsoft Windows 10 企业版 LTSC')
    expect(inventory.os?.build).toBe(17763)
    expect(inventory.os?.installDate).toBe('2019-01-24T09:46:29')
    expect(inventory.os?.domainRole).toBe('standalone-workstation')
    expect(inventory.updates.map((u) => u.kb)).toEqual(['KB4464455'])
  })

  it('reads Russian labels from UTF-8, a domain controller with dd.mm.yyyy dates', () => {
    const { inventory } = wesng('srv_2012r2_x64_standard_ru_systeminfo.txt')
    expect(inventory.os?.caption).toBe('Майкрософт Ознакомительная версия Windows Server 2012 R2 Standard')
    expect(inventory.os?.installationType).toBe('server')
    expect(inventory.os?.domainRole).toBe('primary-domain-controller')
    expect(inventory.os?.installDate).toBe('2020-04-17T12:02:40')
    expect(inventory.os?.lastBootTime).toBe('2020-04-23T07:15:57')
    expect(inventory.updates).toHaveLength(7)
  })

  it('reads Spanish labels, and leaves redacted dates null', () => {
    const { inventory } = wesng('10_1809_x64_education_es_systeminfo.txt')
    expect(inventory.os?.caption).toBe('Microsoft Windows 10 Education')
    expect(inventory.os?.installDate).toBeNull()
    expect(inventory.updates).toHaveLength(9)
  })

  it('settles month/day from any date in the file, the BIOS date included', () => {
    // 12-hour clock and a 24th: month first.
    expect(wesng('10_1803_x64_enterprise_es-ar_20190307_systeminfo.txt').inventory.os?.installDate).toBe('2018-05-24T09:07:00')
    // "03/05/2018" alone is ambiguous; the BIOS date "21/08/2018" says day first.
    const b = wesng('10_1803_x64_proforworkstations_en-us_B_20190306_systeminfo.txt').inventory
    expect(b.os?.installDate).toBe('2018-05-03T00:31:28')
    expect(b.os?.lastBootTime).toBe('2019-03-07T00:46:33')
    // Dutch-style d-m-yyyy.
    expect(wesng('10_1803_x86_enterprise_nl_systeminfo.txt').inventory.os?.installDate).toBe('2019-01-26T08:27:55')
    // yyyy/mm/dd.
    expect(wesng('10_21H2_x64_pro_systeminfo.txt').inventory.os?.installDate).toBe('2022-04-13T12:25:41')
  })

  it('says when the start of the file is missing instead of inventing a host name', () => {
    const { inventory } = wesng('10_1803_x64_enterprise_es-ar_20190307_systeminfo.txt')
    expect(inventory.computerName).toBeNull()
    expect(inventory.provenance.warnings.join('\n')).toMatch(/no 'Host Name' line/)
  })

  it('reads the XP layout: Q-numbered and re-released hotfixes, and "File 1" entries flagged', () => {
    const xp = wesng('xp_rtm_x86_professional_en-us_systeminfo.txt').inventory
    expect(xp.os?.build).toBe(2600)
    expect(xp.os?.lastBootTime).toBeNull()
    expect(xp.updates.map((u) => [u.id, u.kb])).toEqual([
      ['Q147222', 'KB147222'],
      ['KB893803v2', 'KB893803'],
    ])
    expect(xp.updates[1]?.description).toBe('Update')
    expect(xp.updatesComplete).toBe(false)
    expect(xp.provenance.warnings.join('\n')).toMatch(/"File 1"/)
  })

  it('does not call a server Server Core when systeminfo cannot tell', () => {
    const { inventory } = wesng('srv_2019_rtm_datacenter_en-us_systeminfo.txt')
    expect(inventory.os?.installationType).toBe('server')
    expect(inventory.provenance.warnings.join('\n')).toMatch(/Server Core/)
  })

  it('parses tab-indented copies (vuls) like the originals', () => {
    const vuls = parseInventoryFile(fs.readFileSync(sharedDataPath('vuls', 'windows-outputs', 'vuls_systeminfo_Server.txt')), 'server.txt', { now: NOW }).inventory
    const wes = wesng('srv_2022_systeminfo.txt').inventory
    expect(vuls.os).toEqual(wes.os)
    expect(vuls.updates).toEqual(wes.updates)
  })

  it('refuses systeminfo text in a language it cannot read, saying which it can', () => {
    const text = '\r\nNome do host:  PC1\r\nNome do sistema operacional:  Microsoft Windows 10 Pro\r\n'
    expect(() => parseSystemInfo(text, { fileName: 'pt.txt', encoding: 'utf-8' })).toThrow(/pt.txt.*no systeminfo labels.*English, German/)
  })
})

describe('cross-check with vuls expectations (GPL test data)', () => {
  interface ParserCase {
    file: string
    test: string
    expected_by_vuls: { kbs: string[]; osInfo: { productName: string; build: string; arch: string; installationType: string } }
  }
  const expected = JSON.parse(fs.readFileSync(sharedDataPath('vuls', 'vuls_windows_test_expected.json'), 'utf8')) as { parser_cases: ParserCase[] }
  const cases = expected.parser_cases.filter((c) => c.test === 'Test_parseSystemInfo')

  it('has the three systeminfo cases', () => {
    expect(cases).toHaveLength(3)
  })

  it.each(cases.map((c) => [c.file, c] as const))('%s', (file, c) => {
    const { inventory } = parseInventoryFile(fs.readFileSync(sharedDataPath('vuls', 'windows-outputs', file)), file, { now: NOW })
    const want = c.expected_by_vuls
    expect(inventory.updates.map((u) => u.kb)).toEqual(want.kbs.map((k) => `KB${k}`))
    expect(inventory.os?.caption).toBe(want.osInfo.productName)
    expect(String(inventory.os?.build)).toBe(want.osInfo.build)
    expect(inventory.os?.architecture).toBe(want.osInfo.arch.startsWith('x64') ? 'x64' : 'x86')
    expect(inventory.os?.installationType).toBe(want.osInfo.installationType === 'Client' ? 'client' : 'server')
    if (want.osInfo.installationType === 'Domain Controller') expect(inventory.os?.domainRole).toMatch(/domain-controller/)
  })
})

describe('systeminfo in a language whose labels Patchlane does not know', () => {
  /** A real capture with every label replaced by unknown words (reversed), alignment kept. */
  function withUnknownLabels(name: string): Uint8Array {
    const text = decodeText(fs.readFileSync(sharedDataPath('wesng', 'validation', name))).text
    const lines = splitLines(text).map((line) => {
      const m = /^(\S[^:]*(?:: [^:]+)?):(\s+.*)$/.exec(line)
      return m ? `${[...(m[1] ?? '')].reverse().join('')}:${m[2]}` : line
    })
    return new TextEncoder().encode(lines.join('\r\n'))
  }

  it('finds the facts by their shape, and says so', () => {
    const original = parseInventoryFile(fs.readFileSync(sharedDataPath('wesng', 'validation', '11_23H2_x64_enterprise_systeminfo.txt')), 'en.txt', { now: NOW }).inventory
    const bytes = withUnknownLabels('11_23H2_x64_enterprise_systeminfo.txt')
    expect(new TextDecoder().decode(bytes)).toContain('emaN tsoH:')
    const { kind, inventory } = parseInventoryFile(bytes, 'xx.txt', { now: NOW })
    expect(kind).toBe('systeminfo')
    expect(inventory.os).toMatchObject({
      caption: original.os?.caption,
      build: 22631,
      architecture: 'x64',
      installDate: original.os?.installDate,
      lastBootTime: original.os?.lastBootTime,
      locale: 'en-us',
    })
    expect(inventory.computerName).toBe(original.computerName)
    expect(inventory.updates).toEqual(original.updates)
    expect(inventory.provenance.warnings.join('\n')).toMatch(/language Patchlane does not read.*shape of their values/)
  })

  it('still refuses such a file when no hotfix list can be recognised', () => {
    const text = new TextDecoder().decode(withUnknownLabels('10_1803_x64_proforworkstations_en-us_systeminfo.txt'))
    expect(() => parseSystemInfo(text, { fileName: 'xx.txt', encoding: 'utf-8' })).toThrow(/language Patchlane does not read, and no hotfix list could be recognised/)
  })
})
