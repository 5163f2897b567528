import type { HostInventory, InstalledUpdate, OsInfo } from '../contract/schemas/inventory'
import { fileInventory } from './file-inventory'
import { CoreError } from '../errors'
import { kbOfHotfixId } from './hotfix-id'
import { inferDateOrder, parseLocalDateTime } from './local-dates'
import { architectureOf, domainRoleOfText, editionOfCaption, servicePackOf, versionOf } from './os-facts'
import { SYSTEMINFO_LABELS, type SystemInfoField } from './systeminfo-labels'
import { numberedEntries, readSystemInfoRecords, type SystemInfoRecord } from './systeminfo-records'
import { fieldsByShape } from './systeminfo-shape'
import { displayVersionOfBuild } from './windows-builds'

/**
 * `systeminfo` output → HostInventory, in any language of `systeminfo-labels.ts` and any layout
 * from XP to Windows 11. The text must already be decoded (`decode-text.ts`).
 *
 * systeminfo shows no UBR, no services, no products: those stay null, and `buildSource` is
 * `os-version` so the assessment knows to infer the UBR from the newest cumulative update.
 * A file that is not systeminfo output, or is cut before its hotfix list, is refused with a
 * message saying which; it never becomes an empty inventory.
 */

/** Where the text came from, for messages and provenance. */
export interface SystemInfoSource {
  /** Shown in messages ("systeminfo file 'pc1.txt'"); null for pasted text. */
  readonly fileName: string | null
  /** How the bytes were decoded, when they came from a file. */
  readonly encoding: string | null
  /** Parse time; tests pass a fixed one. */
  readonly now?: Date
}

const LANGUAGES = 'English, German, French, Italian, Spanish, Russian, Chinese (Simplified)'

function describe(source: SystemInfoSource): string {
  return source.fileName ? `systeminfo file '${source.fileName}'` : 'the systeminfo text'
}

function fail(source: SystemInfoSource, why: string): never {
  throw new CoreError('bad-file', `Cannot read ${describe(source)}: ${why}`)
}

/** First integer in a text ("273 Hotfix(s) Installed.", "Число … - 7.", "安装了 1 个修补程序。"), null for "N/A". */
function declaredCount(value: string): number | null {
  const m = /\d+/.exec(value)
  return m ? Number(m[0]) : null
}

/** Splits `KB893803v2 - Update` into the id and what XP wrote after it. */
function hotfixOfEntry(value: string): InstalledUpdate {
  const [id = value, ...rest] = value.split(/\s+-\s+/)
  return { id: id.trim(), kb: kbOfHotfixId(id), installedOn: null, description: rest.length ? rest.join(' - ').trim() : null, installedBy: null, source: 'systeminfo' }
}

/** Parses systeminfo text. Throws CoreError('bad-file') with the reason when it cannot. */
export function parseSystemInfo(text: string, source: SystemInfoSource): HostInventory {
  const records = readSystemInfoRecords(text)
  const byField = new Map<SystemInfoField, SystemInfoRecord>()
  for (const record of records) if (record.field && !byField.has(record.field)) byField.set(record.field, record)
  const get = (field: SystemInfoField): string | null => byField.get(field)?.value ?? null
  const warnings: string[] = []

  // Labels in a language the table lacks: find the facts by the shape of their values.
  let byShape = false
  if (!byField.has('osName') || !byField.has('osVersion')) {
    const shaped = fieldsByShape(records)
    if (shaped.has('osName') && shaped.has('osVersion')) {
      for (const [field, record] of shaped) if (!byField.has(field)) byField.set(field, record)
      byShape = true
      warnings.push(`The labels are in a language Patchlane does not read (languages it reads: ${LANGUAGES}); OS, version, system type, dates and hotfixes were recognised by the shape of their values.`)
    }
  }

  if (byField.size === 0) {
    if (/\bHotFixID\b/i.test(text)) {
      fail(source, 'it is a hotfix list (wmic qfe / Get-HotFix), not systeminfo output. Import it as a hotfix list and give the operating system separately.')
    }
    fail(source, `no systeminfo labels were found (languages Patchlane reads: ${LANGUAGES}). Is it the output of the 'systeminfo' command?`)
  }
  // NBSP and runs of spaces occur in real captions ("Windows\u00a07" from an OEM 850 file).
  const osName = get('osName')?.replace(/\s+/g, ' ').trim() || null
  const versionText = get('osVersion')
  const version = versionOf(versionText)
  if (!osName || !version) {
    fail(source, `it has no ${!osName ? `'${SYSTEMINFO_LABELS.osName[0]}'` : `readable '${SYSTEMINFO_LABELS.osVersion[0]}'`} line; the file looks truncated or is not complete systeminfo output.`)
  }

  // Hotfixes: refuse a file cut inside or before the list; accept (and flag) Windows' own truncation.
  const hotfixRecord = byField.get('hotfixes')
  const nicsFollow = byField.has('networkCards')
  if (!hotfixRecord && byShape) fail(source, 'its labels are in a language Patchlane does not read, and no hotfix list could be recognised in it.')
  if (!hotfixRecord) {
    fail(source, nicsFollow ? 'it has no hotfix list.' : 'it ends before the hotfix list; the file is truncated. Capture it again with `systeminfo > file.txt`.')
  }
  const entries = numberedEntries(hotfixRecord)
  const declared = declaredCount(hotfixRecord.value)
  let updatesComplete = true
  if (declared !== null && entries.length < declared) {
    if (!nicsFollow) {
      fail(source, `it ends inside the hotfix list (${entries.length} of ${declared} hotfixes listed); the file is truncated.`)
    }
    updatesComplete = false
    warnings.push(
      `systeminfo listed ${entries.length} of the ${declared} installed hotfixes (Windows truncates long lists). Add this host's 'wmic qfe list' output or scan it with Patchlane's collector for a complete list.`,
    )
  }
  // XP lists many updates as "File 1"; their KB is only in wmic qfe's ServicePackInEffect column.
  const unnamed = entries.filter((e) => /^File \d+$/i.test(e.value)).length
  if (unnamed > 0) {
    updatesComplete = false
    warnings.push(`${unnamed} hotfix entries are listed as "File 1" without a KB number (Windows XP does this). Add this host's 'wmic qfe list' output to know which updates they are.`)
  }
  if (entries.length === 0 && declared === null) warnings.push(`systeminfo lists no hotfixes ('${hotfixRecord.value}'): none are installed, or Windows could not list them.`)
  let updates = entries.filter((e) => !/^File \d+$/i.test(e.value)).map((e) => hotfixOfEntry(e.value))
  // Where Windows cut the list, the last entry may be cut too ("[240]: KB2862"): not an update.
  const last = updates[updates.length - 1]
  if (!updatesComplete && last && /^KB/i.test(last.id) && last.kb === null) {
    updates = updates.slice(0, -1)
    warnings.push(`The last hotfix entry '${last.id}' is cut off and was left out.`)
  }

  // Dates: one day/month order for the whole file, decided from all its dates (the BIOS date too:
  // `…, 21/08/2018` settles a file whose other dates are all ambiguous).
  const locale = get('systemLocale')?.split(';')[0]?.trim().toLowerCase() || null
  const biosDate = get('biosVersion')?.split(',').pop()?.trim() ?? null
  const dateValues = [get('installDate'), get('bootTime')].filter((v): v is string => v !== null)
  // With nothing to settle it: AM/PM is the US habit, so month first; otherwise the locale decides.
  const usHabit = locale === 'en-us' || dateValues.some((v) => /\b[AP]M\b/i.test(v))
  const { order, ambiguous } = inferDateOrder([...dateValues, ...(biosDate ? [biosDate] : [])], usHabit ? 'mdy' : 'dmy')
  if (ambiguous && dateValues.length > 0) {
    warnings.push(`The order of day and month in '${dateValues.join("', '")}' cannot be told from the file; ${order === 'mdy' ? 'month/day' : 'day/month'} was assumed.`)
  }

  const kind = /server/i.test(osName) ? 'server' : 'client'
  if (kind === 'server') warnings.push('systeminfo does not say whether a server is a Server Core installation; a full installation is assumed.')
  const computerName = get('hostName')
  if (!computerName) warnings.push(`The file has no '${SYSTEMINFO_LABELS.hostName[0]}' line; its beginning may be missing.`)

  const os: OsInfo = {
    caption: osName,
    edition: editionOfCaption(osName),
    version: version.version,
    build: version.build,
    ubr: null,
    buildSource: 'os-version',
    displayVersion: displayVersionOfBuild(version.build, kind),
    servicePack: servicePackOf(versionText),
    architecture: architectureOf(get('systemType')),
    installationType: kind,
    domainRole: domainRoleOfText(get('osConfiguration')),
    installDate: get('installDate') === null ? null : parseLocalDateTime(get('installDate') ?? '', order),
    lastBootTime: get('bootTime') === null ? null : parseLocalDateTime(get('bootTime') ?? '', order),
    locale,
  }
  if (os.architecture === null) warnings.push(`The system type '${get('systemType') ?? ''}' names no known architecture.`)

  return fileInventory({ source: 'systeminfo', computerName, os, updates, updatesComplete, warnings }, source)
}
