import fs from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { evaluateMitigations } from '../../../../../src-main/assess/mitigations/evaluate-rules'
import { loadMitigationRules, OVERRIDE_FILE_NAME, parseShippedRules } from '../../../../../src-main/assess/mitigations/load-rules'
import { CoreError } from '../../../../../src-main/errors'
import { parseInventoryFile } from '../../../../../src-main/inventory/parse-inventory-file'
import { makeTempDir } from '../../../../helpers/temp-dir'

const shipped = parseShippedRules()
const shippedIds = shipped.map((r) => r.id)

/** A rule an administrator might add: their line-of-business web server must not run. */
const customRule = {
  id: 'contoso-legacy-web-stopped',
  title: 'Contoso legacy web service stopped',
  match: { cves: ['CVE-2023-44487'] },
  condition: { service: { name: 'ContosoWeb', is: 'not-running' } },
  effect: 'reduced',
  mitigation: 'Our legacy HTTP/2 front end is stopped on this host.',
  source: { title: 'Internal change CHG-1234', url: 'https://intranet.contoso.example/chg/1234', quote: 'ContosoWeb is stopped on all servers until patched.' },
}

describe('loadMitigationRules', () => {
  let dir: string
  let cleanup: () => void
  let file: string
  const write = (content: unknown) => fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2))

  beforeEach(() => {
    ;({ dir, cleanup } = makeTempDir('patchlane-mitigations-'))
    file = path.join(dir, OVERRIDE_FILE_NAME)
  })
  afterEach(() => cleanup())

  it('without an override file, gives the shipped rules and no problems', () => {
    const loaded = loadMitigationRules({ dataDir: dir })
    expect(loaded.rules.map((r) => r.id)).toEqual(shippedIds)
    expect(loaded).toMatchObject({ overrideFound: false, overrideFile: file, shippedCount: shipped.length, problems: [], added: [], disabled: [] })
  })

  it('adds rules, disables shipped ones by id, and replaces one with the same id', () => {
    const replacement = { ...shipped[0], title: 'MSMQ stopped (our wording)', mitigation: 'Message Queuing is off on this host.' }
    write({ schemaVersion: 1, rules: [customRule, replacement], disable: ['print-spooler-disabled', 'ipv6-disabled'] })
    const loaded = loadMitigationRules({ dataDir: dir })
    expect(loaded.problems).toEqual([])
    expect(loaded.added).toEqual(['contoso-legacy-web-stopped'])
    expect(loaded.replaced).toEqual([shipped[0]?.id])
    expect(loaded.disabled).toEqual(['print-spooler-disabled', 'ipv6-disabled'])
    const ids = loaded.rules.map((r) => r.id)
    expect(ids).not.toContain('print-spooler-disabled')
    expect(ids).not.toContain('ipv6-disabled')
    expect(ids.at(-1)).toBe('contoso-legacy-web-stopped')
    expect(ids.length).toBe(shipped.length - 2 + 1)
    expect(loaded.rules.find((r) => r.id === shipped[0]?.id)?.title).toBe('MSMQ stopped (our wording)')
  })

  it('an added rule takes part in evaluation', () => {
    write({ schemaVersion: 1, rules: [customRule] })
    const { rules } = loadMitigationRules({ dataDir: dir })
    const collector = path.join(import.meta.dirname, '..', '..', '..', '..', 'fixtures', 'powershell', 'collector', 'server2025.json')
    const inventory = parseInventoryFile(fs.readFileSync(collector), 'server2025.json').inventory
    const findings = evaluateMitigations(rules, inventory, { cve: 'CVE-2023-44487', componentTag: 'HTTP/2' })
    expect(findings.map((f) => [f.ruleId, f.status])).toEqual([
      ['http2-disabled', 'unknown'],
      ['contoso-legacy-web-stopped', 'mitigated'],
    ])
  })

  it('a bad rule is reported by file, position and id and skipped; the rest applies', () => {
    const bad = { ...customRule, id: 'broken-rule', condition: { service: { name: 'Spooler', is: 'sleeping' } } }
    write({ schemaVersion: 1, rules: [bad, customRule, { title: 'no id' }] })
    const loaded = loadMitigationRules({ dataDir: dir })
    expect(loaded.added).toEqual(['contoso-legacy-web-stopped'])
    expect(loaded.rules.length).toBe(shipped.length + 1)
    expect(loaded.problems).toHaveLength(2)
    expect(loaded.problems[0]).toContain(`Mitigation rules file '${file}': rule 1 ('broken-rule') is invalid and was skipped: `)
    expect(loaded.problems[0]).toContain('condition.service.is: Invalid option: expected one of "absent"|"disabled"|"stopped"|"absent-or-disabled"|"not-running"')
    expect(loaded.problems[1]).toContain(`'${file}': rule 3 is invalid and was skipped: id:`)
  })

  it('points into nested conditions', () => {
    const nested = { ...customRule, condition: { all: [{ service: { name: 'A', is: 'absent' } }, { any: [{ feature: { name: 'F', is: 'present' } }] }] } }
    write({ schemaVersion: 1, rules: [nested] })
    expect(loadMitigationRules({ dataDir: dir }).problems[0]).toContain('condition.all.1.any.0.feature.is: Invalid input: expected "absent"')
    write({ schemaVersion: 1, rules: [{ ...customRule, condition: { all: [{ not: { service: { name: 'A', is: 'absent' } } }] } }] })
    expect(loadMitigationRules({ dataDir: dir }).problems[0]).toContain('condition.all.0: expected one condition: { "all": [...] }, { "any": [...] }')
  })

  it('a registry condition needs exactly one test, and only HKLM paths', () => {
    const twoTests = { ...customRule, condition: { registry: { path: 'HKLM\\SOFTWARE\\X', name: 'Y', equals: 1, absent: true } } }
    const userHive = { ...customRule, id: 'user-hive', condition: { registry: { path: 'HKCU\\Software\\X', name: 'Y', equals: 1 } } }
    write({ schemaVersion: 1, rules: [twoTests, userHive] })
    const { problems, added } = loadMitigationRules({ dataDir: dir })
    expect(added).toEqual([])
    expect(problems[0]).toContain('exactly one of equals, notEquals, absent')
    expect(problems[1]).toContain("rule 2 ('user-hive')")
    expect(problems[1]).toContain('HKLM')
  })

  it('a repeated id in the override keeps the first and reports the second', () => {
    write({ schemaVersion: 1, rules: [customRule, { ...customRule, title: 'again' }] })
    const loaded = loadMitigationRules({ dataDir: dir })
    expect(loaded.rules.find((r) => r.id === customRule.id)?.title).toBe(customRule.title)
    expect(loaded.problems).toEqual([`Mitigation rules file '${file}': rule 2 ('contoso-legacy-web-stopped') repeats an id used earlier in the file and was skipped.`])
  })

  it('disabling an id that is not shipped is reported, not fatal', () => {
    write({ schemaVersion: 1, disable: ['no-such-rule'] })
    const loaded = loadMitigationRules({ dataDir: dir })
    expect(loaded.rules.map((r) => r.id)).toEqual(shippedIds)
    expect(loaded.problems).toEqual([`Mitigation rules file '${file}': disable lists 'no-such-rule', which is not a shipped rule; nothing was disabled for it.`])
  })

  it('a file that is not JSON leaves the shipped rules in force and says so', () => {
    write('{ "schemaVersion": 1, "rules": [ { "id": "half-written" ')
    const loaded = loadMitigationRules({ dataDir: dir })
    expect(loaded.rules.map((r) => r.id)).toEqual(shippedIds)
    expect(loaded.overrideFound).toBe(true)
    expect(loaded.problems).toHaveLength(1)
    expect(loaded.problems[0]).toMatch(new RegExp(`^Mitigation rules file '${file.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}' is not valid JSON \\(.+\\); only the shipped rules apply\\.$`))
  })

  it('a JSON file of the wrong shape leaves the shipped rules in force and shows the expected shape', () => {
    write([customRule])
    const loaded = loadMitigationRules({ dataDir: dir })
    expect(loaded.rules.map((r) => r.id)).toEqual(shippedIds)
    expect(loaded.problems[0]).toContain('is not a rules file')
    expect(loaded.problems[0]).toContain('"schemaVersion": 1')
  })

  it('reads a file saved with a UTF-8 byte-order mark (Notepad)', () => {
    write(`\uFEFF${JSON.stringify({ schemaVersion: 1, disable: ['ipv6-disabled'] })}`)
    const loaded = loadMitigationRules({ dataDir: dir })
    expect(loaded.problems).toEqual([])
    expect(loaded.disabled).toEqual(['ipv6-disabled'])
  })

  it('an unreadable override (a folder in its place) is a problem, not a crash', () => {
    fs.mkdirSync(file)
    const loaded = loadMitigationRules({ dataDir: dir })
    expect(loaded.rules.length).toBe(shipped.length)
    expect(loaded.problems[0]).toContain(`Mitigation rules file '${file}' cannot be read`)
  })
})

describe('parseShippedRules', () => {
  it('refuses a broken shipped file with a CoreError naming it', () => {
    expect(() => parseShippedRules({ schemaVersion: 1, rules: [] })).toThrow(CoreError)
    expect(() => parseShippedRules({ schemaVersion: 1, rules: [] })).toThrow(/assets\/mitigations\/rules\.json/)
    const twice = { schemaVersion: 1, rules: [shipped[0], shipped[0]] }
    expect(() => parseShippedRules(twice)).toThrow(`define '${shipped[0]?.id}' twice`)
  })
})
