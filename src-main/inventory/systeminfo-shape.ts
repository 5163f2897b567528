import type { SystemInfoField } from './systeminfo-labels'
import type { SystemInfoRecord } from './systeminfo-records'

/**
 * systeminfo in a language whose labels Patchlane does not know (Japanese, Polish, Portuguese …):
 * the values are not translated where it matters, so the facts can be found by their shape. The
 * OS version is `10.0.19045 …`, the system type `x64-based PC`, the locale `pl;Polski`, hotfixes
 * `[01]: KB5034441`, and fields come in the same order in every language. Used only for what the
 * labels did not give, and the inventory says it was done.
 */

const DATE_TIME = /^\d{1,4}[./-]\d{1,2}[./-]\d{1,4},?\s+\d{1,2}:\d{2}/
const HOTFIX_ENTRY = /^\[\d+\]\s*:\s*(KB\d+|Q\d+|File \d+|\{[0-9A-F-]+\}|\d{6,8})/i

/** True when a text has the shape of systeminfo output, whatever its language. */
export function looksLikeSystemInfo(text: string): boolean {
  return /:\s+\d+\.\d+\.\d+ \S/m.test(text) && /:\s+\S+-based PC\s*$/im.test(text)
}

/** Fields found by the shape of their values, for records the label table did not name. */
export function fieldsByShape(records: readonly SystemInfoRecord[]): Map<SystemInfoField, SystemInfoRecord> {
  const found = new Map<SystemInfoField, SystemInfoRecord>()
  const first = (test: (r: SystemInfoRecord) => boolean) => records.find(test)
  const osVersion = first((r) => /^\d+\.\d+\.\d+\b/.test(r.value))
  if (osVersion) found.set('osVersion', osVersion)
  const osName = first((r) => /\bWindows\b/i.test(r.value) && r.line < (osVersion?.line ?? Number.POSITIVE_INFINITY))
  if (osName) found.set('osName', osName)
  // The host name is the first field, before the OS name, and has no spaces.
  const host = records[0]
  if (host && osName && host.line < osName.line && /^\S+$/.test(host.value)) found.set('hostName', host)
  const systemType = first((r) => /^\S+-based PC$/i.test(r.value))
  if (systemType) found.set('systemType', systemType)
  const locale = first((r) => /^[a-z]{2,3}(-[a-z]{2,4})?;\S/i.test(r.value))
  if (locale) found.set('systemLocale', locale)
  const dates = records.filter((r) => DATE_TIME.test(r.value))
  if (dates[0]) found.set('installDate', dates[0])
  if (dates[1]) found.set('bootTime', dates[1])
  const hotfixIndex = records.findIndex((r) => {
    const entries = r.continuation.filter((l) => /^\[\d+\]/.test(l))
    return entries.length > 0 && entries.filter((l) => HOTFIX_ENTRY.test(l)).length >= entries.length / 2
  })
  const hotfixes = records[hotfixIndex]
  if (hotfixes) {
    found.set('hotfixes', hotfixes)
    const next = records[hotfixIndex + 1]
    if (next) found.set('networkCards', next)
  }
  return found
}
