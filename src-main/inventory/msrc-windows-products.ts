/**
 * Windows as MSRC names it in the CVRF documents: `<prod:FullProductName ProductID="…">`. The
 * ProductID is stable across documents; the name is not quite (case, double spaces, "Windows 11
 * for x64-based Systems" renamed "Windows 11 version 21H2 for x64-based Systems"). Each entry
 * holds the ID, the spelling of the newest document that lists it, and the older spellings.
 *
 * Facts read from the CVRF catalog 2016-Jan … 2026-Jul (`../shared/data/msrc-cvrf-all/`); the
 * unit test checks every entry against real documents.
 */

/** An MSRC product as named in the CVRF data. */
export interface MsrcProduct {
  /** CVRF ProductID, e.g. `12097`. */
  readonly productId: string
  /** Spelling of the newest document listing it. */
  readonly name: string
  /** Older spellings of the same ProductID. */
  readonly aliases: readonly string[]
}

/** Which build of a release: the architecture, and Server Core or not. */
export type ProductVariant = 'x86' | 'x64' | 'arm64' | 'arm' | 'itanium' | 'core-x86' | 'core-x64'

const p = (productId: string, name: string, ...aliases: string[]): MsrcProduct => ({ productId, name, aliases })

/** Release key (see `windows-builds.ts`) → variant → MSRC product. */
export const MSRC_WINDOWS_PRODUCTS: Readonly<Record<string, Partial<Record<ProductVariant, MsrcProduct>>>> = {
  'vista-sp2': { x86: p('4393', 'Windows Vista Service Pack 2'), x64: p('9316', 'Windows Vista x64 Edition Service Pack 2') },
  'win7-sp1': { x86: p('10047', 'Windows 7 for 32-bit Systems Service Pack 1'), x64: p('10048', 'Windows 7 for x64-based Systems Service Pack 1') },
  'win8.1': { x86: p('10481', 'Windows 8.1 for 32-bit systems'), x64: p('10482', 'Windows 8.1 for x64-based systems'), arm: p('10484', 'Windows RT 8.1') },
  'win10-1507': { x86: p('10729', 'Windows 10 for 32-bit Systems'), x64: p('10735', 'Windows 10 for x64-based Systems') },
  'win10-1511': { x86: p('10789', 'Windows 10 Version 1511 for 32-bit Systems'), x64: p('10788', 'Windows 10 Version 1511 for x64-based Systems') },
  'win10-1607': { x86: p('10852', 'Windows 10 Version 1607 for 32-bit Systems'), x64: p('10853', 'Windows 10 Version 1607 for x64-based Systems') },
  'win10-1703': { x86: p('10951', 'Windows 10 Version 1703 for 32-bit Systems'), x64: p('10952', 'Windows 10 Version 1703 for x64-based Systems') },
  'win10-1709': {
    x86: p('11453', 'Windows 10 Version 1709 for 32-bit Systems'),
    x64: p('11454', 'Windows 10 Version 1709 for x64-based Systems'),
    arm64: p('11583', 'Windows 10 Version 1709 for ARM64-based Systems'),
  },
  'win10-1803': {
    x86: p('11497', 'Windows 10 Version 1803 for 32-bit Systems'),
    x64: p('11498', 'Windows 10 Version 1803 for x64-based Systems'),
    arm64: p('11563', 'Windows 10 Version 1803 for ARM64-based Systems'),
  },
  'win10-1809': {
    x86: p('11568', 'Windows 10 Version 1809 for 32-bit Systems'),
    x64: p('11569', 'Windows 10 Version 1809 for x64-based Systems'),
    arm64: p('11570', 'Windows 10 Version 1809 for ARM64-based Systems'),
  },
  'win10-1903': {
    x86: p('11644', 'Windows 10 Version 1903 for 32-bit Systems'),
    x64: p('11645', 'Windows 10 Version 1903 for x64-based Systems'),
    arm64: p('11646', 'Windows 10 Version 1903 for ARM64-based Systems'),
  },
  'win10-1909': {
    x86: p('11712', 'Windows 10 Version 1909 for 32-bit Systems'),
    x64: p('11713', 'Windows 10 Version 1909 for x64-based Systems'),
    arm64: p('11714', 'Windows 10 Version 1909 for ARM64-based Systems'),
  },
  'win10-2004': {
    x86: p('11766', 'Windows 10 Version 2004 for 32-bit Systems'),
    x64: p('11768', 'Windows 10 Version 2004 for x64-based Systems'),
    arm64: p('11767', 'Windows 10 Version 2004 for ARM64-based Systems'),
  },
  'win10-20h2': {
    x86: p('11801', 'Windows 10 Version 20H2 for 32-bit Systems'),
    x64: p('11800', 'Windows 10 Version 20H2 for x64-based Systems'),
    arm64: p('11802', 'Windows 10 Version 20H2 for ARM64-based Systems'),
  },
  'win10-21h1': {
    x86: p('11898', 'Windows 10 Version 21H1 for 32-bit Systems'),
    x64: p('11896', 'Windows 10 Version 21H1 for x64-based Systems'),
    arm64: p('11897', 'Windows 10 Version 21H1 for ARM64-based Systems'),
  },
  'win10-21h2': {
    x86: p('11929', 'Windows 10 Version 21H2 for 32-bit Systems'),
    x64: p('11931', 'Windows 10 Version 21H2 for x64-based Systems'),
    arm64: p('11930', 'Windows 10 Version 21H2 for ARM64-based Systems'),
  },
  'win10-22h2': {
    x86: p('12099', 'Windows 10 Version 22H2 for 32-bit Systems'),
    x64: p('12097', 'Windows 10 Version 22H2 for x64-based Systems'),
    arm64: p('12098', 'Windows 10 Version 22H2 for ARM64-based Systems'),
  },
  'win11-21h2': {
    x64: p('11926', 'Windows 11 version 21H2 for x64-based Systems', 'Windows 11 for x64-based Systems'),
    arm64: p('11927', 'Windows 11 version 21H2 for ARM64-based Systems', 'Windows 11 for ARM64-based Systems'),
  },
  'win11-22h2': { x64: p('12086', 'Windows 11 Version 22H2 for x64-based Systems'), arm64: p('12085', 'Windows 11 Version 22H2 for ARM64-based Systems') },
  'win11-23h2': { x64: p('12243', 'Windows 11 Version 23H2 for x64-based Systems'), arm64: p('12242', 'Windows 11 Version 23H2 for ARM64-based Systems') },
  'win11-24h2': { x64: p('12390', 'Windows 11 Version 24H2 for x64-based Systems'), arm64: p('12389', 'Windows 11 Version 24H2 for ARM64-based Systems') },
  'win11-25h2': {
    x64: p('20438', 'Windows 11 Version 25H2 for x64-based Systems'),
    arm64: p('20437', 'Windows 11 Version 25H2 for ARM64-based Systems', 'Windows 11 Version 25H2 for ARM systems'),
  },
  'win11-26h1': { x64: p('20853', 'Windows 11 version 26H1 for x64-based Systems'), arm64: p('20854', 'Windows 11 Version 26H1 for ARM64-based Systems') },
  'server-2008-sp2': {
    x86: p('9312', 'Windows Server 2008 for 32-bit Systems Service Pack 2'),
    x64: p('9318', 'Windows Server 2008 for x64-based Systems Service Pack 2'),
    itanium: p('9311', 'Windows Server 2008 for Itanium-Based Systems Service Pack 2'),
    'core-x86': p('10287', 'Windows Server 2008 for 32-bit Systems Service Pack 2 (Server Core installation)'),
    'core-x64': p('9344', 'Windows Server 2008 for x64-based Systems Service Pack 2 (Server Core installation)'),
  },
  'server-2008-r2-sp1': {
    x64: p('10051', 'Windows Server 2008 R2 for x64-based Systems Service Pack 1'),
    itanium: p('10050', 'Windows Server 2008 R2 for Itanium-Based Systems Service Pack 1'),
    'core-x64': p('10049', 'Windows Server 2008 R2 for x64-based Systems Service Pack 1 (Server Core installation)'),
  },
  'server-2012': { x64: p('10378', 'Windows Server 2012'), 'core-x64': p('10379', 'Windows Server 2012 (Server Core installation)') },
  'server-2012-r2': { x64: p('10483', 'Windows Server 2012 R2'), 'core-x64': p('10543', 'Windows Server 2012 R2 (Server Core installation)') },
  'server-2016': {
    x64: p('10816', 'Windows Server 2016'),
    'core-x64': p('10855', 'Windows Server 2016 (Server Core installation)', 'Windows Server 2016  (Server Core installation)'),
  },
  'server-1709': { 'core-x64': p('11466', 'Windows Server, version 1709  (Server Core Installation)') },
  'server-1803': { 'core-x64': p('11499', 'Windows Server, version 1803  (Server Core Installation)') },
  'server-2019': {
    x64: p('11571', 'Windows Server 2019'),
    'core-x64': p('11572', 'Windows Server 2019 (Server Core installation)', 'Windows Server 2019  (Server Core installation)'),
  },
  'server-1903': { 'core-x64': p('11647', 'Windows Server, version 1903 (Server Core installation)') },
  'server-1909': { 'core-x64': p('11715', 'Windows Server, version 1909 (Server Core installation)') },
  'server-2004': { 'core-x64': p('11769', 'Windows Server, version 2004 (Server Core installation)') },
  'server-20h2': { 'core-x64': p('11803', 'Windows Server, version 20H2 (Server Core Installation)') },
  'server-2022': { x64: p('11923', 'Windows Server 2022'), 'core-x64': p('11924', 'Windows Server 2022 (Server Core installation)') },
  'server-2022-23h2': { 'core-x64': p('12244', 'Windows Server 2022, 23H2 Edition (Server Core installation)') },
  'server-2025': { x64: p('12436', 'Windows Server 2025'), 'core-x64': p('12437', 'Windows Server 2025 (Server Core installation)') },
}

/** Releases MSRC publishes only as Server Core (the semi-annual channel and 2022 23H2). */
export function isCoreOnly(releaseKey: string): boolean {
  const variants = MSRC_WINDOWS_PRODUCTS[releaseKey]
  return variants !== undefined && Object.keys(variants).every((v) => v.startsWith('core-'))
}
