import type { Architecture, DomainRole } from '../contract/schemas/inventory'

/**
 * Small readers shared by the parsers: architecture, edition, service pack and domain role from
 * the words Windows prints. Each returns null rather than guess.
 */

/** From systeminfo's "System Type" (`x64-based PC`), CIM's OSArchitecture (`64-bit`) or PROCESSOR_ARCHITECTURE (`AMD64`). */
export function architectureOf(value: string | null | undefined): Architecture | null {
  if (!value) return null
  const v = value.toLowerCase()
  if (/arm\s*64|aarch64/.test(v)) return 'arm64'
  if (/x64|amd64|em64t|x86_64|64-bit|64 bit|64 位|64 бит|64-bits/.test(v)) return 'x64'
  if (/itanium|ia64/.test(v)) return 'itanium'
  if (/\barm\b|arm-based/.test(v)) return 'arm'
  if (/x86|32-bit|32 bit|32 位|32 бит|32-bits/.test(v)) return 'x86'
  return null
}

/** `Enterprise N` from `Microsoft Windows 7 Entreprise N`, `Standard` from `Microsoft Windows Server 2022 Standard`. */
export function editionOfCaption(caption: string | null): string | null {
  if (!caption) return null
  const plain = caption.replace(/\(R\)|\(TM\)|®|™/gi, '').replace(/\s+/g, ' ').trim()
  // `\S*` after the names: old captions print ® and ™ as a stray letter ("Serverr", "VistaT").
  const m = /windows\s*(?:server\S*\s*(?:\d{4})?|\d+(?:\.\d+)?|xp|vista\S*)\s*(?:r2\b)?[\s,]*(.*)$/i.exec(plain)
  const edition = m?.[1]?.trim()
  return edition ? edition : null
}

/** `1` from `6.1.7601 Service Pack 1 Build 7601` or a CSDVersion `Service Pack 1`; null when none is named. */
export function servicePackOf(value: string | null | undefined): number | null {
  if (!value) return null
  const m = /service pack\s*(\d+)/i.exec(value)
  return m ? Number(m[1]) : null
}

/**
 * systeminfo's "OS Configuration" in the languages found in real captures. Unknown wording
 * gives null: the role is a detail, the product mapping does not depend on it.
 */
const DOMAIN_ROLE_WORDS: ReadonlyArray<[DomainRole, RegExp]> = [
  ['primary-domain-controller', /primary domain controller|основной контроллер домена|contrôleur de domaine principal|主域控制器/i],
  ['backup-domain-controller', /backup domain controller|резервный контроллер домена|contrôleur de domaine secondaire|备份域控制器/i],
  ['member-server', /member server|рядовой сервер|serveur membre|server membro|servidor miembro|成员服务器/i],
  ['standalone-server', /standalone server|изолированный сервер|serveur autonome|server autonomo|servidor independiente|独立服务器/i],
  ['member-workstation', /member workstation|рядовая рабочая станция|station de travail membre|workstation membro|estación de trabajo miembro|成员工作站/i],
  [
    'standalone-workstation',
    /standalone workstation|изолированная рабочая станция|station de travail autonome|workstation autonoma|estación de trabajo independiente|eigenständige arbeitsstation|独立工作站/i,
  ],
]

/** Domain role from systeminfo's OS Configuration text. */
export function domainRoleOfText(value: string | null | undefined): DomainRole | null {
  if (!value) return null
  for (const [role, re] of DOMAIN_ROLE_WORDS) if (re.test(value)) return role
  return null
}

/** Domain role from Win32_ComputerSystem.DomainRole (0–5). */
export function domainRoleOfNumber(value: number | null | undefined): DomainRole | null {
  const roles: readonly DomainRole[] = [
    'standalone-workstation',
    'member-workstation',
    'standalone-server',
    'member-server',
    'backup-domain-controller',
    'primary-domain-controller',
  ]
  return value === null || value === undefined ? null : (roles[value] ?? null)
}

/** `10.0.19044` → { version: '10.0.19044', build: 19044 } from any text that contains it. */
export function versionOf(value: string | null | undefined): { version: string; build: number } | null {
  if (!value) return null
  const m = /(\d+)\.(\d+)\.(\d+)/.exec(value)
  if (!m) return null
  return { version: `${m[1]}.${m[2]}.${m[3]}`, build: Number(m[3]) }
}

/**
 * Win32_OperatingSystem.OperatingSystemSKU → the EditionID the registry would show, for the
 * editions Patchlane meets (values from the GetProductInfo documentation). Null for others.
 */
const EDITION_OF_SKU: ReadonlyMap<number, string> = new Map([
  [1, 'Ultimate'],
  [4, 'Enterprise'],
  [6, 'Business'],
  [7, 'ServerStandard'],
  [8, 'ServerDatacenter'],
  [10, 'ServerEnterprise'],
  [27, 'EnterpriseN'],
  [48, 'Professional'],
  [49, 'ProfessionalN'],
  [72, 'EnterpriseEval'],
  [79, 'ServerStandardEval'],
  [80, 'ServerDatacenterEval'],
  [98, 'CoreN'],
  [99, 'CoreCountrySpecific'],
  [100, 'CoreSingleLanguage'],
  [101, 'Core'],
  [121, 'Education'],
  [122, 'EducationN'],
  [125, 'EnterpriseS'],
  [126, 'EnterpriseSN'],
  [161, 'ProfessionalWorkstation'],
  [162, 'ProfessionalWorkstationN'],
  [164, 'ProfessionalEducation'],
  [175, 'ServerRdsh'],
])

/** EditionID for an OperatingSystemSKU, or null when the SKU is not in the table. */
export function editionOfSku(sku: number | null | undefined): string | null {
  return sku === null || sku === undefined ? null : (EDITION_OF_SKU.get(sku) ?? null)
}
