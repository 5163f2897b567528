/**
 * Windows releases by build number. The build (the third part of `10.0.22631`) decides the
 * feature release; captions do not (a Windows 11 upgraded from 10 may still say "Windows 10",
 * and captions are localised). Client and server share builds (26100 is Windows 11 24H2 and
 * Windows Server 2025), so the installation type picks the row.
 *
 * Facts from Microsoft's release-information pages; the release keys are used by the MSRC
 * product table in `msrc-windows-products.ts`.
 */

/** A Windows release Patchlane knows, identified by a stable key. */
export interface WindowsRelease {
  /** Stable key, e.g. `win10-22h2`, `server-2025`, `win7-sp1`. */
  readonly key: string
  /** Build number (the `7601` of 6.1.7601). */
  readonly build: number
  readonly kind: 'client' | 'server'
  /** Family name as people say it: `Windows 11`, `Windows Server 2022`. */
  readonly family: string
  /** DisplayVersion / ReleaseId as the registry shows it (`23H2`, `1809`), null before Windows 10. */
  readonly displayVersion: string | null
  /** Service pack the build implies (7601 is SP1), null when it implies none. */
  readonly servicePack: number | null
}

const client = (key: string, build: number, family: string, displayVersion: string | null, servicePack: number | null = null): WindowsRelease => ({
  key,
  build,
  kind: 'client',
  family,
  displayVersion,
  servicePack,
})
const server = (key: string, build: number, family: string, displayVersion: string | null, servicePack: number | null = null): WindowsRelease => ({
  key,
  build,
  kind: 'server',
  family,
  displayVersion,
  servicePack,
})

/** Every release, oldest first within each kind. */
export const WINDOWS_RELEASES: readonly WindowsRelease[] = [
  client('xp', 2600, 'Windows XP', null),
  client('vista', 6000, 'Windows Vista', null),
  client('vista-sp1', 6001, 'Windows Vista', null, 1),
  client('vista-sp2', 6002, 'Windows Vista', null, 2),
  client('win7', 7600, 'Windows 7', null),
  client('win7-sp1', 7601, 'Windows 7', null, 1),
  client('win8', 9200, 'Windows 8', null),
  client('win8.1', 9600, 'Windows 8.1', null),
  client('win10-1507', 10240, 'Windows 10', '1507'),
  client('win10-1511', 10586, 'Windows 10', '1511'),
  client('win10-1607', 14393, 'Windows 10', '1607'),
  client('win10-1703', 15063, 'Windows 10', '1703'),
  client('win10-1709', 16299, 'Windows 10', '1709'),
  client('win10-1803', 17134, 'Windows 10', '1803'),
  client('win10-1809', 17763, 'Windows 10', '1809'),
  client('win10-1903', 18362, 'Windows 10', '1903'),
  client('win10-1909', 18363, 'Windows 10', '1909'),
  client('win10-2004', 19041, 'Windows 10', '2004'),
  client('win10-20h2', 19042, 'Windows 10', '20H2'),
  client('win10-21h1', 19043, 'Windows 10', '21H1'),
  client('win10-21h2', 19044, 'Windows 10', '21H2'),
  client('win10-22h2', 19045, 'Windows 10', '22H2'),
  client('win11-21h2', 22000, 'Windows 11', '21H2'),
  client('win11-22h2', 22621, 'Windows 11', '22H2'),
  client('win11-23h2', 22631, 'Windows 11', '23H2'),
  client('win11-24h2', 26100, 'Windows 11', '24H2'),
  client('win11-25h2', 26200, 'Windows 11', '25H2'),
  client('win11-26h1', 28000, 'Windows 11', '26H1'),
  server('server-2003', 3790, 'Windows Server 2003', null),
  server('server-2008', 6001, 'Windows Server 2008', null, 1),
  server('server-2008-sp2', 6002, 'Windows Server 2008', null, 2),
  server('server-2008-r2', 7600, 'Windows Server 2008 R2', null),
  server('server-2008-r2-sp1', 7601, 'Windows Server 2008 R2', null, 1),
  server('server-2012', 9200, 'Windows Server 2012', null),
  server('server-2012-r2', 9600, 'Windows Server 2012 R2', null),
  server('server-2016', 14393, 'Windows Server 2016', '1607'),
  server('server-1709', 16299, 'Windows Server, version 1709', '1709'),
  server('server-1803', 17134, 'Windows Server, version 1803', '1803'),
  server('server-2019', 17763, 'Windows Server 2019', '1809'),
  server('server-1903', 18362, 'Windows Server, version 1903', '1903'),
  server('server-1909', 18363, 'Windows Server, version 1909', '1909'),
  server('server-2004', 19041, 'Windows Server, version 2004', '2004'),
  server('server-20h2', 19042, 'Windows Server, version 20H2', '20H2'),
  server('server-2022', 20348, 'Windows Server 2022', '21H2'),
  server('server-2022-23h2', 25398, 'Windows Server 2022, 23H2 Edition', '23H2'),
  server('server-2025', 26100, 'Windows Server 2025', '24H2'),
]

/**
 * Builds that Windows Update moved to the next number without a new release:
 * Vista SP2 / Server 2008 SP2 report 6003 after the 2019 servicing change.
 */
const BUILD_ALIASES: ReadonlyMap<number, number> = new Map([[6003, 6002]])

/** How a build was matched to a release. */
export interface ReleaseMatch {
  readonly release: WindowsRelease
  /** False when the build is not a known release build and the nearest older release was taken. */
  readonly exact: boolean
}

/**
 * The release a build belongs to, for a client or a server. An unknown build newer than a known
 * Windows 10+ release (an Insider or a release newer than this table) maps to the nearest older
 * release with `exact: false`; an unknown build before Windows 10 maps to nothing.
 */
export function releaseOfBuild(build: number, kind: 'client' | 'server'): ReleaseMatch | null {
  const wanted = BUILD_ALIASES.get(build) ?? build
  const rows = WINDOWS_RELEASES.filter((r) => r.kind === kind)
  const exact = rows.find((r) => r.build === wanted)
  if (exact) return { release: exact, exact: true }
  const older = rows.filter((r) => r.build < wanted && r.build >= 10240)
  const nearest = older[older.length - 1]
  return nearest ? { release: nearest, exact: false } : null
}

/** `22H2` for build 19045; null for builds before Windows 10 or unknown ones. */
export function displayVersionOfBuild(build: number, kind: 'client' | 'server'): string | null {
  const match = releaseOfBuild(build, kind)
  return match?.exact ? match.release.displayVersion : null
}
