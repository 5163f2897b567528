import type { Condition, MitigationRule } from './rule-schema'

/** A registry value the collector should read: `path` is `HKLM\…` in canonical form. */
export interface RegistryValueRef {
  readonly path: string
  /** `path` without the hive, as StdRegProv takes it (with hDefKey HKEY_LOCAL_MACHINE). */
  readonly subKey: string
  readonly name: string
}

/**
 * Canonical form of a local-machine registry path: `HKLM\` prefix, single backslashes, no
 * trailing backslash. Registry paths are case-insensitive; compare with `registryKey` instead.
 */
export function normalizeRegistryPath(path: string): string {
  const parts = path
    .trim()
    .split(/[\\/]+/)
    .filter((part) => part.length > 0)
  const [hive = '', ...rest] = parts
  const canonicalHive = /^(HKLM|HKEY_LOCAL_MACHINE|HKLM:)$/i.test(hive) ? 'HKLM' : hive
  return [canonicalHive, ...rest].join('\\')
}

/** A case-insensitive key for one value (Windows registry names are case-insensitive). */
export function registryKey(path: string, name: string): string {
  return `${normalizeRegistryPath(path).toLowerCase()}|${name.toLowerCase()}`
}

function collect(condition: Condition, into: Map<string, RegistryValueRef>): void {
  if ('all' in condition) condition.all.forEach((c) => collect(c, into))
  else if ('any' in condition) condition.any.forEach((c) => collect(c, into))
  else if ('registry' in condition) {
    const { path, name } = condition.registry
    const key = registryKey(path, name)
    const canonical = normalizeRegistryPath(path)
    if (!into.has(key)) into.set(key, { path: canonical, subKey: canonical.replace(/^HKLM\\/, ''), name })
  }
}

/**
 * Every registry value the rules test, once each, so the collector reads exactly those (and
 * the inventory can say "read, absent" rather than "not read").
 */
export function registryValuesNeeded(rules: readonly MitigationRule[]): RegistryValueRef[] {
  const found = new Map<string, RegistryValueRef>()
  for (const rule of rules) collect(rule.condition, found)
  return [...found.values()].sort((a, b) => registryKey(a.path, a.name).localeCompare(registryKey(b.path, b.name)))
}
