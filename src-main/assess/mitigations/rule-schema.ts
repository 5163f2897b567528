import { z } from 'zod'

/**
 * The mitigating-factor rules file: `assets/mitigations/rules.json` (shipped) and the user's
 * `mitigations.json` in the data folder (override).
 *
 * A rule says: for these MSRC component tags or CVEs, if this condition holds on the host's
 * inventory, Microsoft's own text says the vulnerability is not exploitable (or less so). The
 * condition language is deliberately small and closed, so every rule can be evaluated from what
 * the collector reads, and "cannot tell" is always distinguishable from "does not hold".
 */

/** A CVE (`CVE-2023-21554`) or an MSRC advisory (`ADV200006`), as MSRC spells them. */
export const VulnerabilityId = z.string().regex(/^(CVE-\d{4}-\d{4,}|ADV\d{6})$/, 'expected CVE-YYYY-NNNN or ADVnnnnnn')

/** A Windows service name (the key under `HKLM\SYSTEM\CurrentControlSet\Services`, not the display name). */
const ServiceName = z.string().regex(/^[A-Za-z0-9_.$-]{1,256}$/, 'expected a service name such as MSMQ or Spooler (not its display name)')

/**
 * What must be true of a service.
 * - `absent`: not installed (not in the host's service list);
 * - `disabled`: installed with start mode Disabled;
 * - `stopped`: installed and stopped;
 * - `absent-or-disabled`: either of the first two;
 * - `not-running`: not installed, or installed and stopped.
 */
export const ServiceIs = z.enum(['absent', 'disabled', 'stopped', 'absent-or-disabled', 'not-running'])
export type ServiceIs = z.infer<typeof ServiceIs>

/** `HKLM\…` (or `HKEY_LOCAL_MACHINE\…`): the collector reads the local-machine hive only. */
const RegistryPath = z
  .string()
  .regex(/^(HKLM|HKEY_LOCAL_MACHINE)\\[^\\].*[^\\]$/i, 'expected a path under HKLM\\ without a trailing backslash')

/** Registry data a rule compares with: DWORD/QWORD as a number, REG_SZ as a string. */
const RegistryData = z.union([z.number(), z.string()])

/** A registry value test; exactly one of `equals`, `notEquals`, `absent`. */
export const RegistryCondition = z
  .strictObject({
    path: RegistryPath,
    name: z.string().min(1),
    /** Holds when the value exists and equals this. */
    equals: RegistryData.optional(),
    /** Holds when the value does not exist, or exists with other data. */
    notEquals: RegistryData.optional(),
    /** `true`: holds when the value does not exist. */
    absent: z.literal(true).optional(),
  })
  .refine((r) => [r.equals, r.notEquals, r.absent].filter((v) => v !== undefined).length === 1, {
    message: 'a registry condition needs exactly one of equals, notEquals, absent',
  })
export type RegistryCondition = z.infer<typeof RegistryCondition>

/** A condition on the inventory: a tree of all/any over service, feature and registry tests. */
export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { service: { name: string; is: ServiceIs } }
  | { feature: { name: string; is: 'absent' } }
  | { registry: RegistryCondition }

/** Zod schema of `Condition` (recursive). */
export const Condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(Condition).min(1) }),
    z.strictObject({ any: z.array(Condition).min(1) }),
    z.strictObject({ service: z.strictObject({ name: ServiceName, is: ServiceIs }) }),
    z.strictObject({ feature: z.strictObject({ name: z.string().min(1), is: z.literal('absent') }) }),
    z.strictObject({ registry: RegistryCondition }),
  ], { error: 'expected one condition: { "all": [...] }, { "any": [...] }, { "service": {...} }, { "feature": {...} } or { "registry": {...} }' }),
)

/** Which vulnerabilities a rule is about: a CVE in `cves`, or a CVE whose MSRC tag is in `componentTags`. */
export const RuleMatch = z
  .strictObject({
    /** MSRC's vulnerability "Tag" notes, spelled exactly as in the CVRF documents (`Windows Message Queuing`). */
    componentTags: z.array(z.string().min(1)).optional(),
    cves: z.array(VulnerabilityId).optional(),
  })
  .refine((m) => (m.componentTags?.length ?? 0) + (m.cves?.length ?? 0) > 0, {
    message: 'match needs at least one componentTags or cves entry',
  })
export type RuleMatch = z.infer<typeof RuleMatch>

/** Where Microsoft says so. `quote` is Microsoft's wording, whitespace-normalised. */
export const RuleSource = z.strictObject({
  title: z.string().min(1),
  url: z.url({ protocol: /^https?$/ }),
  /** The part of the CVE's text the quote comes from (shipped rules: checked against the CVRF documents). */
  section: z.enum(['Mitigation', 'Workaround', 'FAQ', 'Description']).optional(),
  quote: z.string().min(10),
})
export type RuleSource = z.infer<typeof RuleSource>

/** One mitigating-factor rule. */
export const MitigationRule = z.strictObject({
  /** Stable, kebab-case; the override file disables shipped rules by it. */
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'expected a kebab-case id such as msmq-service-not-running'),
  title: z.string().min(1),
  match: RuleMatch,
  condition: Condition,
  /**
   * `not-exploitable`: Microsoft says the host is not affected while the condition holds;
   * `reduced`: it blocks an attack vector (for example the remote one) but not every one.
   */
  effect: z.enum(['not-exploitable', 'reduced']),
  /** What the administrator should understand, in plain words. */
  mitigation: z.string().min(1),
  source: RuleSource,
})
export type MitigationRule = z.infer<typeof MitigationRule>

/** The shipped `assets/mitigations/rules.json`. */
export const RulesFile = z.strictObject({
  schemaVersion: z.literal(1),
  rules: z.array(MitigationRule).min(1),
})
export type RulesFile = z.infer<typeof RulesFile>

/**
 * The user's `mitigations.json`. Rules are checked one by one (a bad rule is reported and
 * skipped, the others apply), so `rules` is an array of anything here.
 */
export const OverrideFile = z.strictObject({
  schemaVersion: z.literal(1),
  /** Extra rules; one with a shipped rule's id replaces that rule. */
  rules: z.array(z.unknown()).optional(),
  /** Ids of shipped rules to ignore. */
  disable: z.array(z.string()).optional(),
})
export type OverrideFile = z.infer<typeof OverrideFile>
