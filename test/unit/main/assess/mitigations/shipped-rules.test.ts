import fs from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { parseShippedRules } from '../../../../../src-main/assess/mitigations/load-rules'
import { registryValuesNeeded } from '../../../../../src-main/assess/mitigations/registry-values'
import { RulesFile, type MitigationRule } from '../../../../../src-main/assess/mitigations/rule-schema'
import { normaliseSpace, plainText, readCvrfVulnerabilities, type CvrfVulnerabilityText } from './cvrf-text'

// The file as it sits in the repository (the product imports the same file into its bundle).
const RULES_FILE = path.join(import.meta.dirname, '..', '..', '..', '..', '..', 'assets', 'mitigations', 'rules.json')
const rawFile: unknown = JSON.parse(fs.readFileSync(RULES_FILE, 'utf8'))
const rules: MitigationRule[] = parseShippedRules(rawFile)

const UPDATE_GUIDE = /^https:\/\/msrc\.microsoft\.com\/update-guide\/vulnerability\/((?:CVE-\d{4}-\d{4,})|(?:ADV\d{6}))$/

function citedId(rule: MitigationRule): string {
  const match = UPDATE_GUIDE.exec(rule.source.url)
  if (!match?.[1]) throw new Error(`${rule.id}: source.url ${rule.source.url} is not an MSRC update-guide page`)
  return match[1]
}

describe('assets/mitigations/rules.json', () => {
  it('is a valid rules file with at least 15 rules and unique ids', () => {
    expect(RulesFile.safeParse(rawFile).success).toBe(true)
    expect(rules.length).toBeGreaterThanOrEqual(15)
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length)
  })

  it('is what the product loads by default (the bundled import)', () => {
    expect(parseShippedRules().map((r) => r.id)).toEqual(rules.map((r) => r.id))
  })

  it('cites an MSRC update-guide page and a section for every rule, and lists that CVE', () => {
    for (const rule of rules) {
      const id = citedId(rule)
      expect(rule.source.section, rule.id).toBeDefined()
      expect(rule.match.cves ?? [], rule.id).toContain(id)
    }
  })

  it('covers the service, feature and registry condition kinds', () => {
    const text = JSON.stringify(rules.map((r) => r.condition))
    for (const kind of ['"service"', '"feature"', '"registry"', '"all"', '"any"']) expect(text).toContain(kind)
    const needed = registryValuesNeeded(rules)
    expect(needed.map((v) => `${v.path}\\${v.name}`)).toContain('HKLM\\SYSTEM\\CurrentControlSet\\Services\\LanmanServer\\Parameters\\DisableCompression')
  })
})

describe("the rules' quotes are Microsoft's text in the CVRF documents", () => {
  let catalog: Map<string, CvrfVulnerabilityText[]>

  beforeAll(() => {
    const ids = new Set<string>()
    for (const rule of rules) for (const id of [citedId(rule), ...(rule.match.cves ?? [])]) ids.add(id)
    catalog = readCvrfVulnerabilities(ids)
  }, 120_000)

  const textsOf = (id: string, section?: string): string[] =>
    (catalog.get(id) ?? []).flatMap((v) => v.sections.filter((s) => section === undefined || s.type === section).map((s) => plainText(s.html)))

  it.each(rules.map((r) => [r.id, r] as const))('%s: quote is in the cited CVE, section and title', (_id, rule) => {
    const id = citedId(rule)
    const occurrences = catalog.get(id) ?? []
    expect(occurrences.length, `${id} is not in the CVRF catalog`).toBeGreaterThan(0)
    const quote = normaliseSpace(rule.source.quote)
    expect(textsOf(id, rule.source.section).some((t) => t.includes(quote)), `${rule.id}: quote not found in ${id} ${rule.source.section}`).toBe(true)
    expect(occurrences.some((v) => normaliseSpace(rule.source.title).includes(normaliseSpace(v.title))), `${rule.id}: title does not carry ${id}'s CVRF title`).toBe(true)
  })

  it('finds the text it looks for, and not text Microsoft never wrote', () => {
    const texts = textsOf('CVE-2023-21554', 'Mitigation')
    expect(texts.some((t) => t.includes('You can check to see if there is a service running named Message Queuing and TCP port 1801'))).toBe(true)
    expect(texts.some((t) => t.includes('The Windows message queuing service is not required for exploitation'))).toBe(false)
    expect(textsOf('CVE-2023-21554', 'Workaround')).toEqual([])
  })

  it.each(rules.map((r) => [r.id, r] as const))('%s: every listed CVE carries the same text', (_id, rule) => {
    const quote = normaliseSpace(rule.source.quote)
    const missing = (rule.match.cves ?? []).filter((id) => !textsOf(id).some((t) => t.includes(quote)))
    expect(missing, `${rule.id}: these CVEs do not say "${quote}"`).toEqual([])
  })

  it.each(rules.filter((r) => r.match.componentTags?.length).map((r) => [r.id, r] as const))(
    '%s: component tags are spelled as MSRC tags the cited CVE',
    (_id, rule) => {
      const tags = new Set((catalog.get(citedId(rule)) ?? []).flatMap((v) => v.tags))
      for (const tag of rule.match.componentTags ?? []) expect([...tags], rule.id).toContain(tag)
    },
  )
})
