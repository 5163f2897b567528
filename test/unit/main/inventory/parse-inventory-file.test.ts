import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { CoreError } from '../../../../src-main/errors'
import { decodeText } from '../../../../src-main/inventory/decode-text'
import { parseInventoryFile } from '../../../../src-main/inventory/parse-inventory-file'
import { parseSystemInfo } from '../../../../src-main/inventory/parse-systeminfo'
import { HostInventory } from '../../../../src-main/contract/schemas/inventory'
import { sharedDataPath } from '../../../helpers/shared-data'

const NOW = new Date('2026-01-01T00:00:00Z')
const validation = (name: string) => sharedDataPath('wesng', 'validation', name)
const bytesOf = (name: string) => fs.readFileSync(validation(name))

/** Runs `fn`, expecting a CoreError('bad-file'); returns its message. */
function badFile(fn: () => unknown): string {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(CoreError)
    expect((error as CoreError).code).toBe('bad-file')
    return (error as CoreError).message
  }
  throw new Error('expected a bad-file error')
}

describe('parseInventoryFile refuses what is not an inventory, saying why', () => {
  it('an empty file', () => {
    expect(badFile(() => parseInventoryFile(new Uint8Array(), 'empty.txt'))).toMatch(/'empty.txt'.*empty \(0 bytes\)/)
  })

  it('whitespace only', () => {
    expect(badFile(() => parseInventoryFile(new TextEncoder().encode('\r\n  \r\n'), 'blank.txt'))).toMatch(/'blank.txt'.*no text/)
  })

  it('binary data (a compressed CVRF document)', () => {
    const zst = fs.readFileSync(sharedDataPath('msrc-cvrf-all', '2017-Apr.xml.zst'))
    expect(badFile(() => parseInventoryFile(zst, '2017-Apr.xml.zst'))).toMatch(/not a text file \(binary data\)/)
  })

  it('a systeminfo cut inside its hotfix list', () => {
    const text = decodeText(bytesOf('7_sp1_x64_enterprise_fr_systeminfo_cmd.txt')).text
    const cut = text.slice(0, text.indexOf('KB2736422'))
    expect(badFile(() => parseInventoryFile(new TextEncoder().encode(cut), 'cut.txt'))).toMatch(/ends inside the hotfix list \(21 of 73 hotfixes listed\); the file is truncated/)
  })

  it('a systeminfo cut before its hotfix list', () => {
    const text = decodeText(bytesOf('11_23H2_x64_enterprise_systeminfo.txt')).text
    const cut = text.slice(0, text.indexOf('Total Physical Memory'))
    expect(badFile(() => parseInventoryFile(new TextEncoder().encode(cut), 'cut.txt'))).toMatch(/ends before the hotfix list; the file is truncated/)
  })

  it('a systeminfo cut after three lines', () => {
    const text = decodeText(bytesOf('11_23H2_x64_enterprise_systeminfo.txt')).text
    const cut = text.split('\n').slice(0, 3).join('\n')
    expect(badFile(() => parseInventoryFile(new TextEncoder().encode(cut), 'head.txt'))).toMatch(/no readable 'OS Version' line; the file looks truncated/)
  })

  it('a hotfix list given to the systeminfo parser', () => {
    const text = decodeText(bytesOf('7_sp1_x64_enterprise_en-us_B_qfe.txt')).text
    expect(badFile(() => parseSystemInfo(text, { fileName: 'qfe.txt', encoding: 'utf-16le' }))).toMatch(/'qfe.txt'.*is a hotfix list \(wmic qfe \/ Get-HotFix\), not systeminfo output/)
  })

  it("Windows Update's list of missing updates", () => {
    expect(badFile(() => parseInventoryFile(bytesOf('srv_2012r2_u1_updates_optional.txt'), 'updates.txt'))).toMatch(/list of missing updates from Windows Update, not an inventory/)
    expect(badFile(() => parseInventoryFile(bytesOf('7_sp1_x64_enterprise_en-us_20190305_updates.txt'), 'updates.txt'))).toMatch(/missing updates/)
  })

  it('JSON that is not collector output, and JSON cut short', () => {
    const index = fs.readFileSync(sharedDataPath('msrc-api', fs.readdirSync(sharedDataPath('msrc-api')).find((f) => f.endsWith('.json') && /update/i.test(f)) ?? ''))
    expect(badFile(() => parseInventoryFile(index, 'updates.json'))).toMatch(/is JSON but not Patchlane collector output/)
    const fixture = fs.readFileSync(path.join(import.meta.dirname, '..', '..', '..', 'fixtures', 'powershell', 'collector', 'win10-22h2.json'))
    expect(badFile(() => parseInventoryFile(fixture.subarray(0, 200), 'cut.json'))).toMatch(/not valid JSON.*truncated/)
  })

  it("another scanner's report (WES-NG output)", () => {
    const file = sharedDataPath('wesng', 'validation-2019-falsepositives-with-wes-output', '7_sp1_x64_enterprise_en-us_20190305_wes.txt')
    expect(badFile(() => parseInventoryFile(fs.readFileSync(file), 'wes.txt'))).toMatch(/report of another scanner \(WES-NG\)/)
  })

  it('text that is none of the three', () => {
    expect(badFile(() => parseInventoryFile(fs.readFileSync(sharedDataPath('README.md')), 'README.md'))).toMatch(/neither systeminfo output, a hotfix list .* nor collector JSON/)
  })
})

describe('parseInventoryFile recognises each kind', () => {
  const collectorDir = path.join(import.meta.dirname, '..', '..', '..', 'fixtures', 'powershell', 'collector')

  it.each(fs.readdirSync(collectorDir).filter((f) => f.endsWith('.json')))('collector output %s', (name) => {
    const bytes = fs.readFileSync(path.join(collectorDir, name))
    const doc = JSON.parse(bytes.toString('utf8')) as { os: { registry: { ubr: number | null; currentBuild: string } }; hotfixes: Array<{ hotFixId: string }> | null }
    const { kind, inventory } = parseInventoryFile(bytes, name, { now: NOW })
    expect(kind).toBe('collector-json')
    expect(inventory.provenance.sources).toEqual(['collector'])
    expect(inventory.os?.build).toBe(Number(doc.os.registry.currentBuild))
    expect(inventory.os?.ubr).toBe(doc.os.registry.ubr)
    expect(inventory.os?.buildSource).toBe(doc.os.registry.ubr === null ? 'os-version' : 'registry')
    expect(inventory.updates.map((u) => u.id)).toEqual((doc.hotfixes ?? []).map((h) => h.hotFixId))
    expect(inventory.services?.length).toBeGreaterThan(0)
    // An inventory written out and read back is the same inventory.
    const again = parseInventoryFile(new TextEncoder().encode(JSON.stringify(inventory)), 'inventory.json')
    expect(again.kind).toBe('inventory-json')
    expect(again.inventory).toEqual(HostInventory.parse(inventory))
  })

  it('maps Server Core, ARM64, .NET release, Edge, services and pending reboot from the collector', () => {
    const core = parseInventoryFile(fs.readFileSync(path.join(collectorDir, 'server2025-core.json')), 'core.json', { now: NOW }).inventory
    expect(core.os?.installationType).toBe('server-core')
    expect(core.os?.displayVersion).toBe('24H2')
    expect(core.products?.find((p) => p.kind === 'dotnet-framework')).toMatchObject({ version: '4.8.1', release: 533325 })
    expect(core.products?.find((p) => p.kind === 'edge')?.version).toMatch(/^\d+\.\d+/)
    expect(core.services?.find((s) => s.name === 'RemoteRegistry')).toMatchObject({ state: 'stopped', startMode: 'disabled' })
    expect(core.provenance.warnings.join('\n')).toMatch(/features:/)
    const arm = parseInventoryFile(fs.readFileSync(path.join(collectorDir, 'win11-arm64.json')), 'arm.json', { now: NOW }).inventory
    expect(arm.os?.architecture).toBe('arm64')
    expect(typeof arm.pendingReboot).toBe('boolean')
  })
})
