import type { HostInventory, InstallationType, OsInfo } from '../contract/schemas/inventory'
import { fileInventory } from './file-inventory'
import { CoreError } from '../errors'
import { splitLines } from './decode-text'
import { architectureOf, domainRoleOfNumber, editionOfCaption, editionOfSku, servicePackOf, versionOf } from './os-facts'
import { readKeyValueBlocks } from './text-tables'
import { displayVersionOfBuild } from './windows-builds'

/**
 * The OS alone, as an administrator can print it without Patchlane (the "OS given separately"
 * that a bare hotfix list needs):
 * - `Get-ComputerInfo` (WindowsProductName, OsVersion, WindowsEditionId, CsSystemType, WindowsInstallationType …);
 * - `Get-ItemProperty 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion'` (ProductName,
 *   CurrentBuildNumber, **UBR**, EditionID, InstallationType), optionally with PROCESSOR_ARCHITECTURE;
 * - `Get-WmiObject Win32_OperatingSystem` / `Get-CimInstance` (Caption, Version, CSDVersion) with
 *   Win32_ComputerSystem (DomainRole, SystemType).
 * All as `Format-List` (`Name : value`). The result lists no updates (`updatesComplete: false`)
 * until a hotfix list is merged in.
 */

/** Keys that mark a listing as one of the three (lower case). */
const MARKERS = ['windowsproductname', 'osversion', 'currentbuildnumber', 'currentbuild', 'ubr', 'operatingsystemsku', 'caption']

/** The listing's values, merged over its blocks, keyed by lower-case property name; null when it is none of the three. */
export function readOsProperties(text: string): ReadonlyMap<string, string> | null {
  const values = new Map<string, string>()
  for (const row of readKeyValueBlocks(splitLines(text))) for (const [k, v] of Object.entries(row)) if (!values.has(k) || values.get(k) === '') values.set(k, v)
  const hasVersion = values.has('osversion') || values.has('version') || values.has('currentbuildnumber') || values.has('currentbuild')
  const hasName = values.has('windowsproductname') || values.has('productname') || values.has('caption')
  return hasVersion && hasName && MARKERS.some((k) => values.has(k)) && !values.has('hotfixid') ? values : null
}

function installationTypeOf(value: string | undefined, caption: string): InstallationType {
  const v = (value ?? '').toLowerCase()
  if (v === 'server core') return 'server-core'
  if (v === 'server' || v === 'domain controller') return 'server'
  if (v === 'client') return 'client'
  return /server/i.test(caption) ? 'server' : 'client'
}

/** Reads an OS listing into OsInfo, or null when the text is not one. */
export function parseOsProperties(text: string): OsInfo | null {
  const p = readOsProperties(text)
  if (!p) return null
  const get = (...keys: string[]) => {
    for (const k of keys) {
      const v = p.get(k)
      if (v !== undefined && v !== '') return v
    }
    return undefined
  }
  const caption = get('windowsproductname', 'productname', 'caption') ?? ''
  const buildText = get('currentbuildnumber', 'currentbuild', 'osbuildnumber', 'buildnumber')
  const parsed = versionOf(get('osversion', 'version'))
  const build = buildText && /^\d+$/.test(buildText) ? Number(buildText) : (parsed?.build ?? null)
  const major = get('currentmajorversionnumber')
  const minor = get('currentminorversionnumber')
  const version = parsed?.version ?? (major !== undefined && minor !== undefined && build !== null ? `${major}.${minor}.${build}` : null)
  const ubrText = get('ubr')
  const ubr = ubrText && /^\d+$/.test(ubrText) ? Number(ubrText) : null
  const installationType = installationTypeOf(get('windowsinstallationtype', 'installationtype'), caption)
  const kind = installationType === 'client' ? 'client' : 'server'
  const role = get('domainrole', 'csdomainrole')
  return {
    caption: caption || null,
    edition: get('windowseditionid', 'editionid') ?? editionOfSku(Number(get('operatingsystemsku') ?? 'NaN')) ?? editionOfCaption(caption),
    version,
    build,
    ubr,
    buildSource: ubr !== null ? 'registry' : build !== null ? 'os-version' : 'unknown',
    displayVersion: get('displayversion', 'oswindowsversion') ?? (build === null ? null : displayVersionOfBuild(build, kind)),
    servicePack: servicePackOf(get('oscsdversion', 'csdversion')),
    architecture: architectureOf(get('cssystemtype', 'systemtype', 'osarchitecture', 'processor_architecture')),
    installationType,
    domainRole: role !== undefined && /^\d$/.test(role) ? domainRoleOfNumber(Number(role)) : null,
    installDate: null,
    lastBootTime: null,
    locale: null,
  }
}

/** An inventory from an OS listing: the OS, and no update list yet. Throws CoreError('bad-file') when the text is not one. */
export function inventoryFromOsProperties(text: string, source: { fileName: string | null; encoding: string | null; now?: Date | undefined }): HostInventory {
  const os = parseOsProperties(text)
  if (!os) throw new CoreError('bad-file', `Cannot read ${source.fileName ? `'${source.fileName}'` : 'the text'}: it is not a listing of Get-ComputerInfo, the CurrentVersion registry key or Win32_OperatingSystem.`)
  const warnings = ["This file describes only the operating system; add the host's hotfix list (wmic qfe, Get-HotFix) before assessing."]
  if (os.architecture === null) warnings.push('The listing has no system type or processor architecture; the MSRC product cannot be chosen without it.')
  const name = readOsProperties(text)?.get('csname') ?? readOsProperties(text)?.get('csdnshostname') ?? null
  return fileInventory({ source: 'os-properties', computerName: name || null, os, updates: [], updatesComplete: false, warnings }, source)
}
