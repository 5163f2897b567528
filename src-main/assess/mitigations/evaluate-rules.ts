import type { HostInventory } from '../../contract/schemas/inventory'
import { assertNever } from '../../errors'
import { registryKey } from './registry-values'
import type { Condition, MitigationRule, RegistryCondition, ServiceIs } from './rule-schema'

/**
 * Mitigating factors against one host: which rules apply to a vulnerability, and whether each
 * rule's condition holds on the host's inventory.
 *
 * Three-valued on purpose. A condition the inventory cannot answer (an inventory read from
 * `systeminfo` has no services, an old collector read no registry values) is `unknown`, never
 * `holds`: a rule is reported "mitigated" only on positive evidence. A mitigated finding never
 * hides the vulnerability and never withdraws the update; it only says why the risk is lower.
 */

/** The parts of a HostInventory the rules read. */
export type MitigationInventory = Pick<HostInventory, 'services' | 'features' | 'registryValues' | 'provenance'>

/** Result of one condition on one host. */
export type Outcome = 'holds' | 'fails' | 'unknown'

/** A condition, its outcome and why; `all` / `any` carry their parts. */
export interface ConditionResult {
  readonly outcome: Outcome
  /** The condition in words: `service MSMQ is not-running`. */
  readonly condition: string
  /** Why it has this outcome, from the inventory: `MSMQ is installed, stopped, start mode manual`. */
  readonly reason: string
  readonly parts?: readonly ConditionResult[]
}

/** The vulnerability being assessed: its CVE (or ADV) and MSRC component tag. */
export interface VulnerabilityRef {
  readonly cve: string
  readonly componentTag?: string | null
}

/** How a rule came to apply: by listing the CVE, or by the vulnerability's component tag. */
export type MatchedBy = { readonly kind: 'cve' } | { readonly kind: 'componentTag'; readonly tag: string }

/** One applicable rule and what it found on the host. */
export interface MitigationFinding {
  readonly ruleId: string
  readonly title: string
  /** holds → mitigated; fails → not-mitigated; unknown → unknown (never counted as mitigated). */
  readonly status: 'mitigated' | 'not-mitigated' | 'unknown'
  readonly effect: MitigationRule['effect']
  readonly mitigation: string
  readonly source: MitigationRule['source']
  readonly matchedBy: MatchedBy
  readonly explanation: ConditionResult
}

/** Rules indexed by CVE and by (case-folded) component tag, built once per rule set. */
export interface MitigationIndex {
  readonly rules: readonly MitigationRule[]
  rulesFor(vulnerability: VulnerabilityRef): { rule: MitigationRule; matchedBy: MatchedBy }[]
  /** Whether any rule applies to the CVE or tag: a check that allocates nothing, for the common "none". */
  matches(cve: string, componentTag: string | null): boolean
}

/** Indexes rules for quick lookup; rule order is kept in every answer. */
export function indexMitigationRules(rules: readonly MitigationRule[]): MitigationIndex {
  const byCve = new Map<string, number[]>()
  const byTag = new Map<string, number[]>()
  const add = (map: Map<string, number[]>, key: string, at: number): void => {
    const list = map.get(key) ?? []
    if (!list.includes(at)) list.push(at)
    map.set(key, list)
  }
  // Tags repeat across thousands of CVEs: fold each distinct one once.
  const folded = new Map<string, string>()
  const fold = (tag: string): string => {
    let key = folded.get(tag)
    if (key === undefined) folded.set(tag, (key = tag.trim().toLowerCase()))
    return key
  }
  rules.forEach((rule, at) => {
    for (const cve of rule.match.cves ?? []) add(byCve, cve.toUpperCase(), at)
    for (const tag of rule.match.componentTags ?? []) add(byTag, tag.trim().toLowerCase(), at)
  })
  return {
    rules,
    matches(cve, componentTag) {
      return byCve.has(cve) || byCve.has(cve.trim().toUpperCase()) || (componentTag !== null && byTag.has(fold(componentTag)))
    },
    rulesFor(vulnerability) {
      // Most CVEs match no rule: answer those without building anything (a fleet asks thousands).
      const byThisCve = byCve.get(vulnerability.cve) ?? byCve.get(vulnerability.cve.trim().toUpperCase())
      const byThisTag = vulnerability.componentTag ? byTag.get(fold(vulnerability.componentTag)) : undefined
      if (!byThisCve && !byThisTag) return []
      const found = new Map<number, MatchedBy>()
      for (const at of byThisCve ?? []) found.set(at, { kind: 'cve' })
      const tag = vulnerability.componentTag?.trim()
      if (tag) {
        for (const at of byThisTag ?? []) if (!found.has(at)) found.set(at, { kind: 'componentTag', tag })
      }
      return [...found.entries()]
        .sort(([a], [b]) => a - b)
        .map(([at, matchedBy]) => ({ rule: rules[at] as MitigationRule, matchedBy }))
    },
  }
}

/** The rules that apply to `vulnerability`, each evaluated on `inventory`. */
export function evaluateMitigations(
  rules: readonly MitigationRule[] | MitigationIndex,
  inventory: MitigationInventory,
  vulnerability: VulnerabilityRef,
): MitigationFinding[] {
  const index = 'rulesFor' in rules ? rules : indexMitigationRules(rules)
  return index.rulesFor(vulnerability).map(({ rule, matchedBy }) => {
    const explanation = evaluateCondition(rule.condition, inventory)
    const status = explanation.outcome === 'holds' ? 'mitigated' : explanation.outcome === 'fails' ? 'not-mitigated' : 'unknown'
    return { ruleId: rule.id, title: rule.title, status, effect: rule.effect, mitigation: rule.mitigation, source: rule.source, matchedBy, explanation }
  })
}

/** Evaluates one condition (Kleene logic for all/any: unknown unless decided either way). */
export function evaluateCondition(condition: Condition, inventory: MitigationInventory): ConditionResult {
  if ('all' in condition) {
    const parts = condition.all.map((c) => evaluateCondition(c, inventory))
    const outcome: Outcome = parts.some((p) => p.outcome === 'fails') ? 'fails' : parts.some((p) => p.outcome === 'unknown') ? 'unknown' : 'holds'
    return { outcome, condition: `all of ${parts.length}`, reason: deciding(parts, outcome === 'fails' ? 'first' : 'every', outcome), parts }
  }
  if ('any' in condition) {
    const parts = condition.any.map((c) => evaluateCondition(c, inventory))
    const outcome: Outcome = parts.some((p) => p.outcome === 'holds') ? 'holds' : parts.some((p) => p.outcome === 'unknown') ? 'unknown' : 'fails'
    return { outcome, condition: `any of ${parts.length}`, reason: deciding(parts, outcome === 'holds' ? 'first' : 'every', outcome), parts }
  }
  if ('service' in condition) return evaluateService(condition.service.name, condition.service.is, inventory)
  if ('feature' in condition) return evaluateFeatureAbsent(condition.feature.name, inventory)
  if ('registry' in condition) return evaluateRegistry(condition.registry, inventory)
  return assertNever(condition, 'mitigation condition')
}

/**
 * The reason of a combination, from the parts that decided it (so a finding's top-level reason
 * reads "MSMQ is not installed", not "a part holds"): the first part with that outcome, or every one.
 */
function deciding(parts: readonly ConditionResult[], which: 'first' | 'every', outcome: Outcome): string {
  const decisive = parts.filter((p) => p.outcome === outcome)
  return (which === 'first' ? decisive.slice(0, 1) : decisive).map((p) => p.reason).join('; ')
}

/** What each kind of source records nothing of, in words an administrator knows. */
const SOURCE_WORDS: Readonly<Record<string, string>> = {
  systeminfo: 'systeminfo',
  qfe: 'a wmic qfe hotfix list',
  'get-hotfix': 'a Get-HotFix list',
  'os-properties': 'an OS listing',
}

/**
 * Why the inventory cannot answer: `the inventory has no service list: systeminfo does not
 * record services`. A collector inventory without the list was made by a collector that did not
 * read it (an older one, or the read failed).
 */
function lacking(inventory: MitigationInventory, list: string, what: string): string {
  const files = inventory.provenance.sources.filter((s) => s !== 'collector').map((s) => SOURCE_WORDS[s] ?? s)
  const why = files.length > 0 ? `${[...new Set(files)].join(' and ')} ${files.length === 1 ? 'does' : 'do'} not record ${what}` : `the collector did not read ${what}`
  return `the inventory has no ${list}: ${why}`
}

function evaluateService(name: string, is: ServiceIs, inventory: MitigationInventory): ConditionResult {
  const condition = `service ${name} is ${is}`
  if (inventory.services === null) {
    return { outcome: 'unknown', condition, reason: lacking(inventory, 'service list', 'services') }
  }
  const service = inventory.services.find((s) => s.name.toLowerCase() === name.toLowerCase())
  const absent = service === undefined
  const found = service ? `${service.name} is installed, ${service.state}, start mode ${service.startMode}` : `${name} is not installed`
  const result = (outcome: Outcome, reason = found): ConditionResult => ({ outcome, condition, reason })
  // A state or start mode Windows did not report cannot prove anything either way.
  const disabled = service === undefined ? false : service.startMode === 'unknown' ? null : service.startMode === 'disabled'
  const stopped = service === undefined ? false : service.state === 'unknown' ? null : service.state === 'stopped'
  const decide = (value: boolean | null): ConditionResult => (value === null ? result('unknown', `${found}: not enough to decide`) : result(value ? 'holds' : 'fails'))
  switch (is) {
    case 'absent':
      return result(absent ? 'holds' : 'fails')
    case 'disabled':
      return decide(disabled)
    case 'stopped':
      return decide(stopped)
    case 'absent-or-disabled':
      return absent ? result('holds') : decide(disabled)
    case 'not-running':
      return absent ? result('holds') : decide(stopped)
    default:
      return assertNever(is, 'service condition')
  }
}

function evaluateFeatureAbsent(name: string, inventory: MitigationInventory): ConditionResult {
  const condition = `feature ${name} is absent`
  if (inventory.features === null) {
    return { outcome: 'unknown', condition, reason: lacking(inventory, 'list of roles and features', 'roles and features') }
  }
  const feature = inventory.features.find((f) => f.name.toLowerCase() === name.toLowerCase())
  if (feature) {
    return feature.installed
      ? { outcome: 'fails', condition, reason: `${feature.name} is installed` }
      : { outcome: 'holds', condition, reason: `${feature.name} is listed as not installed` }
  }
  // Optional-feature lists (Win32_OptionalFeature) name every feature, installed or not, so a
  // missing name means the feature does not exist there. Server lists (Win32_ServerFeature)
  // hold installed roles only, by localised display name: a missing name proves nothing.
  const optional = inventory.features.filter((f) => f.kind === 'optional-feature').length
  return optional > 0
    ? { outcome: 'holds', condition, reason: `${name} is not among the host's ${optional} optional features` }
    : { outcome: 'unknown', condition, reason: `${name} is not in the host's list of installed server roles, which names them by display name only` }
}

function formatData(value: string | number | readonly string[]): string {
  if (typeof value === 'number') return `${value} (0x${value.toString(16).toUpperCase()})`
  if (typeof value === 'string') return JSON.stringify(value)
  return `[${value.map((v) => JSON.stringify(v)).join(', ')}]`
}

function sameData(actual: string | number | readonly string[], expected: string | number): boolean {
  // Windows reads these values with a fixed type: a REG_SZ "1" is not the DWORD 1 it looks for.
  return typeof actual === typeof expected && actual === expected
}

function evaluateRegistry(test: RegistryCondition, inventory: MitigationInventory): ConditionResult {
  const where = `${test.path}\\${test.name}`
  const wanted = test.equals !== undefined ? `equals ${formatData(test.equals)}` : test.notEquals !== undefined ? `is not ${formatData(test.notEquals)}` : 'is absent'
  const condition = `registry ${where} ${wanted}`
  if (inventory.registryValues === undefined) {
    return { outcome: 'unknown', condition, reason: lacking(inventory, 'registry values', 'registry values') }
  }
  const key = registryKey(test.path, test.name)
  const read = inventory.registryValues.find((v) => registryKey(v.path, v.name) === key)
  if (read === undefined) return { outcome: 'unknown', condition, reason: `${where} was not read from the host` }
  if (read.value === null) {
    const outcome: Outcome = test.equals !== undefined ? 'fails' : 'holds'
    return { outcome, condition, reason: `${where} does not exist` }
  }
  const reason = `${where} is ${formatData(read.value)}`
  if (test.equals !== undefined) return { outcome: sameData(read.value, test.equals) ? 'holds' : 'fails', condition, reason }
  if (test.notEquals !== undefined) return { outcome: sameData(read.value, test.notEquals) ? 'fails' : 'holds', condition, reason }
  return { outcome: 'fails', condition, reason }
}
