import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { displayVersionOfBuild, releaseOfBuild, WINDOWS_RELEASES } from '../../../../src-main/inventory/windows-builds'
import { inferDateOrder, parseLocalDate, parseQfeRawDate } from '../../../../src-main/inventory/local-dates'
import { sharedDataPath } from '../../../helpers/shared-data'

describe('releaseOfBuild', () => {
  it('decides the feature release from the build', () => {
    expect(displayVersionOfBuild(22631, 'client')).toBe('23H2')
    expect(displayVersionOfBuild(19045, 'client')).toBe('22H2')
    expect(releaseOfBuild(26100, 'client')?.release.family).toBe('Windows 11')
    expect(releaseOfBuild(26100, 'server')?.release.family).toBe('Windows Server 2025')
    expect(releaseOfBuild(17763, 'server')?.release.family).toBe('Windows Server 2019')
    expect(releaseOfBuild(7601, 'server')?.release.family).toBe('Windows Server 2008 R2')
    expect(releaseOfBuild(6003, 'server')?.release.key).toBe('server-2008-sp2')
    expect(releaseOfBuild(7601, 'client')?.release.servicePack).toBe(1)
    expect(displayVersionOfBuild(9600, 'client')).toBeNull()
  })

  it('marks an unknown Windows 10+ build as assumed, and knows nothing before Windows 10', () => {
    expect(releaseOfBuild(22635, 'client')).toMatchObject({ exact: false, release: { key: 'win11-23h2' } })
    expect(releaseOfBuild(9601, 'client')).toBeNull()
  })

  it('agrees with the build table in the vuls data (GPL, test only)', () => {
    const data = JSON.parse(fs.readFileSync(sharedDataPath('vuls', 'vuls_windowsReleases_build_kb_map.json'), 'utf8')) as {
      winBuilds: { Client: Array<{ build: string; name: string }>; Server: Array<{ build: string; name: string }> }
    }
    const ours = (kind: 'client' | 'server') => new Set(WINDOWS_RELEASES.filter((r) => r.kind === kind).map((r) => r.build))
    for (const row of data.winBuilds.Client) if (Number(row.build) >= 10240) expect(ours('client'), `${row.build} ${row.name}`).toContain(Number(row.build))
    for (const row of data.winBuilds.Server) if (Number(row.build) >= 14393) expect(ours('server'), `${row.build} ${row.name}`).toContain(Number(row.build))
  })
})

describe('local dates', () => {
  it('settles the order from a day above 12, else uses the default and says it is ambiguous', () => {
    expect(inferDateOrder(['3/2/2019', '2/18/2019'], 'dmy')).toEqual({ order: 'mdy', ambiguous: false })
    expect(inferDateOrder(['30-4-2018, 22:22:37'], 'mdy')).toEqual({ order: 'dmy', ambiguous: false })
    expect(inferDateOrder(['3/2/2019'], 'mdy')).toEqual({ order: 'mdy', ambiguous: true })
    expect(parseLocalDate('2019/1/24, 9:46:29', 'dmy')).toBe('2019-01-24')
    expect(parseLocalDate('31/02/2019', 'dmy')).toBeNull()
  })

  it('reads the raw InstalledOn forms of old Windows', () => {
    expect(parseQfeRawDate('01d4dfd0fb4eb361')).toBe('2019-03-21')
    expect(parseQfeRawDate('20190321')).toBe('2019-03-21')
    expect(parseQfeRawDate('3/21/2019')).toBeNull()
  })
})
