import fs from 'node:fs'
import path from 'node:path'
import type { z } from 'zod'
import shippedRulesJson from '../../../assets/mitigations/rules.json' with { type: 'json' }
import { CoreError } from '../../errors'
import { MitigationRule, OverrideFile, RulesFile } from './rule-schema'

/**
 * The mitigating-factor rules in force: the shipped `assets/mitigations/rules.json` (bundled
 * into the build, so it cannot go missing), then the administrator's `mitigations.json` in the
 * data folder, which can add rules, replace a shipped rule (same id) or disable shipped rules.
 *
 * A broken override never takes the shipped rules down with it: each problem becomes a message
 * naming the file and the rule, the bad rule is skipped, and everything else applies.
 */

/** File name of the override, in the data folder (`resolveDataDir`). */
export const OVERRIDE_FILE_NAME = 'mitigations.json'

/** What `loadMitigationRules` found. */
export interface LoadedMitigationRules {
  /** Rules in force, shipped ones first (in file order), then added ones. */
  readonly rules: MitigationRule[]
  readonly shippedCount: number
  /** Full path of the override file looked for. */
  readonly overrideFile: string
  readonly overrideFound: boolean
  /** Ids of rules the override added, replaced and disabled. */
  readonly added: string[]
  readonly replaced: string[]
  readonly disabled: string[]
  /** Problems with the override, each naming the file (and the rule), for the administrator. */
  readonly problems: string[]
}

/** Options: where the override lives; `shipped` replaces the bundled file (tests). */
export interface LoadMitigationRulesOptions {
  readonly dataDir: string
  readonly shipped?: unknown
}

type Issue = z.core.$ZodIssue

/** An issue saying a union branch is the wrong kind altogether: its key is missing, or another key is there. */
function wrongKind(issue: Issue): boolean {
  if (issue.code === 'unrecognized_keys') return issue.path.length === 0
  return issue.code === 'invalid_type' && issue.path.length === 1 && /received undefined$/.test(issue.message)
}

/**
 * The issues to show for a failed union (a condition): those of the branch that recognised the
 * condition's kind (`service`, `registry` …), rather than zod's bare "Invalid input". Null when
 * no branch did; the union's own message then says which kinds exist.
 */
function recognisedBranch(issue: Issue): Issue[] | null {
  if (issue.code !== 'invalid_union') return null
  const branch = issue.errors.find((issues) => issues.length > 0 && !issues.some(wrongKind))
  return branch ? branch.map((i) => ({ ...i, path: [...issue.path, ...i.path] })) : null
}

function describeIssues(issues: readonly Issue[]): string {
  return issues
    .map((issue) => {
      const branch = recognisedBranch(issue)
      return branch ? describeIssues(branch) : `${issue.path.length ? issue.path.join('.') : '(rule)'}: ${issue.message}`
    })
    .join('; ')
}

/** Parses the shipped rules; a bad shipped file is our bug, so it throws. */
export function parseShippedRules(json: unknown = shippedRulesJson): MitigationRule[] {
  const parsed = RulesFile.safeParse(json)
  if (!parsed.success) {
    throw new CoreError('internal', `The shipped mitigation rules (assets/mitigations/rules.json) are invalid: ${describeIssues(parsed.error.issues)}`)
  }
  const seen = new Set<string>()
  for (const rule of parsed.data.rules) {
    if (seen.has(rule.id)) throw new CoreError('internal', `The shipped mitigation rules (assets/mitigations/rules.json) define '${rule.id}' twice`)
    seen.add(rule.id)
  }
  return parsed.data.rules
}

/** Reads the override file: null when there is none, else its JSON or a problem message. */
function readOverride(file: string): { json: unknown } | { problem: string } | null {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    return { problem: `Mitigation rules file '${file}' cannot be read (${(error as Error).message}); only the shipped rules apply.` }
  }
  try {
    // Notepad on older Windows saves UTF-8 with a byte-order mark, which JSON.parse refuses.
    return { json: JSON.parse(text.replace(/^\uFEFF/, '')) }
  } catch (error) {
    return { problem: `Mitigation rules file '${file}' is not valid JSON (${(error as Error).message}); only the shipped rules apply.` }
  }
}

function ruleLabel(raw: unknown, at: number): string {
  const id = typeof raw === 'object' && raw !== null && 'id' in raw ? (raw as { id: unknown }).id : undefined
  return typeof id === 'string' ? `rule ${at + 1} ('${id}')` : `rule ${at + 1}`
}

/** Shipped rules plus the override in `dataDir`; never throws for a bad override. */
export function loadMitigationRules(options: LoadMitigationRulesOptions): LoadedMitigationRules {
  const shipped = parseShippedRules(options.shipped)
  const overrideFile = path.join(options.dataDir, OVERRIDE_FILE_NAME)
  const loaded: LoadedMitigationRules = { rules: shipped, shippedCount: shipped.length, overrideFile, overrideFound: false, added: [], replaced: [], disabled: [], problems: [] }

  const read = readOverride(overrideFile)
  if (read === null) return loaded
  if ('problem' in read) return { ...loaded, overrideFound: true, problems: [read.problem] }

  const file = OverrideFile.safeParse(read.json)
  if (!file.success) {
    const problem = `Mitigation rules file '${overrideFile}' is not a rules file (${describeIssues(file.error.issues)}); only the shipped rules apply. Expected { "schemaVersion": 1, "rules": [...], "disable": ["rule-id", ...] }.`
    return { ...loaded, overrideFound: true, problems: [problem] }
  }

  const problems: string[] = []
  const shippedIds = new Set(shipped.map((r) => r.id))
  const disabled = [...new Set(file.data.disable ?? [])]
  for (const id of disabled) {
    if (!shippedIds.has(id)) problems.push(`Mitigation rules file '${overrideFile}': disable lists '${id}', which is not a shipped rule; nothing was disabled for it.`)
  }
  const disabledSet = new Set(disabled.filter((id) => shippedIds.has(id)))
  const rules = shipped.filter((r) => !disabledSet.has(r.id))

  const added: string[] = []
  const replaced: string[] = []
  const overrideIds = new Set<string>()
  ;(file.data.rules ?? []).forEach((raw, at) => {
    const parsed = MitigationRule.safeParse(raw)
    if (!parsed.success) {
      problems.push(`Mitigation rules file '${overrideFile}': ${ruleLabel(raw, at)} is invalid and was skipped: ${describeIssues(parsed.error.issues)}.`)
      return
    }
    const rule = parsed.data
    if (overrideIds.has(rule.id)) {
      problems.push(`Mitigation rules file '${overrideFile}': ${ruleLabel(raw, at)} repeats an id used earlier in the file and was skipped.`)
      return
    }
    overrideIds.add(rule.id)
    const existing = rules.findIndex((r) => r.id === rule.id)
    if (existing >= 0) {
      rules[existing] = rule
      replaced.push(rule.id)
    } else {
      rules.push(rule)
      added.push(rule.id)
    }
  })

  return { ...loaded, rules, overrideFound: true, added, replaced, disabled: [...disabledSet], problems }
}
