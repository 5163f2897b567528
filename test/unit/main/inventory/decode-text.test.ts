import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { decodeText, splitLines } from '../../../../src-main/inventory/decode-text'
import { decodeOem } from '../../../../src-main/inventory/oem-code-pages'
import { parseInventoryFile } from '../../../../src-main/inventory/parse-inventory-file'
import { sharedDataPath } from '../../../helpers/shared-data'

const validation = (name: string) => fs.readFileSync(sharedDataPath('wesng', 'validation', name))

/** Encodes text into a single-byte code page by inverting its decoder (what cmd.exe would have written). */
function encodeSingleByte(text: string, decode: (bytes: Uint8Array) => string): Uint8Array {
  const table = new Map<string, number>()
  for (let b = 0; b < 256; b += 1) table.set(decode(Uint8Array.of(b)), b)
  return Uint8Array.from([...text].map((ch) => {
    const b = table.get(ch)
    if (b === undefined) throw new Error(`not encodable: ${ch}`)
    return b
  }))
}

describe('decodeText', () => {
  it('UTF-16LE with BOM (PowerShell redirection)', () => {
    const d = decodeText(validation('7_sp1_x64_enterprise_fr_systeminfo_powershell.txt'))
    expect(d).toMatchObject({ encoding: 'utf-16le', hadBom: true })
    expect(d.text).toContain("Nom de l'hôte:")
  })

  it('UTF-16LE without BOM after an ASCII notice (wmic on XP)', () => {
    const d = decodeText(validation('xp_sp2_x86_qfe.txt'))
    expect(d).toMatchObject({ encoding: 'utf-16le', hadBom: false })
    expect(d.text).toMatch(/^Please wait while WMIC is being installed\.Caption {2}CSName/)
    expect(d.text).toContain('Q147222')
  })

  it('UTF-8 (Cyrillic) without BOM', () => {
    const d = decodeText(validation('srv_2012r2_x64_standard_ru_systeminfo.txt'))
    expect(d.encoding).toBe('utf-8')
    expect(d.text).toContain('Имя узла:')
  })

  it('OEM 850 from cmd.exe: accents and the NBSP thousands separator', () => {
    const it850 = decodeText(validation('10_1803_x64_pro_it_systeminfo.txt'))
    expect(it850.encoding).toBe('ibm850')
    expect(it850.text).toContain('DHCP abilitato:   Sì')
    expect(it850.text).toContain('modalità')
    const en = decodeText(validation('10_1809_x64_pro_en-us_20190307_systeminfo.txt'))
    expect(en.encoding).toBe('ibm850')
    expect(en.text).toContain('32\u00a0503 MB')
  })

  it('GBK (code page 936) when the labels say so', () => {
    const { inventory } = parseInventoryFile(validation('10_1809_x64_enterprise_zh-cn_systeminfo.txt'), 'zh.txt')
    expect(inventory.provenance.encoding).toBe('gbk')
  })

  it('OEM 866 (a Russian console), ranked by the systeminfo labels it yields', () => {
    const text = decodeText(validation('srv_2012r2_x64_standard_ru_systeminfo.txt')).text
    const cp866 = encodeSingleByte(text, (b) => new TextDecoder('ibm866').decode(b))
    const { inventory } = parseInventoryFile(cp866, 'ru-866.txt')
    expect(inventory.provenance.encoding).toBe('ibm866')
    expect(inventory.os?.caption).toBe('Майкрософт Ознакомительная версия Windows Server 2012 R2 Standard')
    expect(inventory.updates).toHaveLength(7)
  })

  it('OEM 850 re-encoding round-trips the French capture', () => {
    const bytes = validation('7_sp1_x64_enterprise_fr_systeminfo_cmd.txt')
    const text = decodeOem(bytes, 'ibm850')
    expect(encodeSingleByte(text, (b) => decodeOem(b, 'ibm850'))).toEqual(Uint8Array.from(bytes))
  })

  it('UTF-8 with BOM', () => {
    const bytes = Uint8Array.from([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('Host Name: X')])
    expect(decodeText(bytes)).toEqual({ text: 'Host Name: X', encoding: 'utf-8', hadBom: true })
  })

  it('splits CRLF, LF and CR-only line ends', () => {
    expect(splitLines('a\r\nb\nc\rd')).toEqual(['a', 'b', 'c', 'd'])
    const xp = decodeText(validation('xp_rtm_x86_professional_en-us_qfe.txt')).text
    expect(splitLines(xp).some((l) => l.includes('\r'))).toBe(false)
  })
})
