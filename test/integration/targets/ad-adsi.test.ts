import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CoreError } from '../../../src-main/errors'
import { defaultScriptsDir } from '../../../src-main/powershell/scripts-dir'
import { createPowerShellRunner, type PowerShellRunner } from '../../../src-main/powershell/runner'
import { createCurrentUserQuery } from '../../../src-main/targets/ad-adsi'
import { listAdComputers } from '../../../src-main/targets/ad-domain'
import { expandTargets } from '../../../src-main/targets/expand'
import { testPowerShell } from '../../helpers/pwsh'
import { makeTempDir } from '../../helpers/temp-dir'
import { slapdAvailable, startSlapd, type Slapd } from './slapd'

const DOMAIN = 'corp.example.com'
const pwsh = testPowerShell()
const repoScript = path.join(defaultScriptsDir(), 'Get-AdComputers.ps1')
const fakeAdsi = path.join(import.meta.dirname, 'fake-adsi.ps1')

function ldapsearchAvailable(): boolean {
  try {
    execFileSync('ldapsearch', ['-VV'], { stdio: 'ignore' })
    return true
  } catch (error) {
    // `ldapsearch -VV` prints its version and exits 1 where it is installed.
    return (error as NodeJS.ErrnoException).code !== 'ENOENT'
  }
}

/** For `.then(expectedRejection, …)`: a promise that should have rejected did not. */
function expectedRejection(): never {
  throw new Error('expected the call to reject')
}

describe.skipIf(!pwsh)('AD as the current user: Get-AdComputers.ps1 through the real runner', () => {
  it('on a platform without System.DirectoryServices, says why the current user failed and asks for an account', async () => {
    const runner = createPowerShellRunner({ executable: pwsh ?? 'pwsh', scriptsDir: defaultScriptsDir() })
    try {
      const error = await listAdComputers({ domain: DOMAIN, platform: 'win32', currentUser: createCurrentUserQuery(() => runner) }).then(expectedRejection, (e: unknown) => e as CoreError)
      expect(error).toBeInstanceOf(CoreError)
      expect(error.code).toBe('invalid-input')
      expect(error.message).toBe(
        `Reading the computers of the AD domain ${DOMAIN} needs an account: reading it as the current Windows user (ADSI) failed: ` +
          'ADSI failed (0x80131539): System.DirectoryServices is not supported on this platform. ' +
          'Give one with --user CORP\\name; any domain user can read computer objects.',
      )
    } finally {
      await runner.dispose()
    }
  }, 60_000)
})

describe.skipIf(!pwsh || !slapdAvailable() || !ldapsearchAvailable())('AD as the current user against a real LDAP server (ADSI faked over ldapsearch + slapd)', () => {
  let slapd: Slapd
  let runner: PowerShellRunner
  const temp = makeTempDir('patchlane-ad-adsi-')

  beforeAll(async () => {
    slapd = await startSlapd()
    // The runner's scripts folder holds a Get-AdComputers.ps1 that installs the fake
    // System.DirectoryServices (fake-adsi.ps1) and runs the real script with the same parameters.
    fs.writeFileSync(
      path.join(temp.dir, 'Get-AdComputers.ps1'),
      [
        '[CmdletBinding()]',
        'param([string]$Domain, [string]$Server, [string]$SearchBase, [int]$PageSize, [int]$TimeoutSeconds)',
        `. '${fakeAdsi.replace(/'/g, "''")}'`,
        `& '${repoScript.replace(/'/g, "''")}' @PSBoundParameters`,
      ].join('\n'),
    )
    runner = createPowerShellRunner({ executable: pwsh ?? 'pwsh', scriptsDir: temp.dir })
    process.env.PL_FAKE_ADSI_URL = slapd.ldapUrl
    process.env.PL_FAKE_ADSI_BIND_DN = slapd.user.dn
    process.env.PL_FAKE_ADSI_PASSWORD = slapd.user.password
  })
  afterAll(async () => {
    await runner?.dispose()
    await slapd?.stop()
    temp.cleanup()
    delete process.env.PL_FAKE_ADSI_URL
    delete process.env.PL_FAKE_ADSI_BIND_DN
    delete process.env.PL_FAKE_ADSI_PASSWORD
  })

  it('finds the same enabled computers, paged past the size limit, as the LDAP bind with an account', async () => {
    const currentUser = await listAdComputers({ domain: DOMAIN, platform: 'win32', currentUser: createCurrentUserQuery(() => runner) })
    const bound = await listAdComputers({ domain: DOMAIN, url: slapd.ldapUrl, credentials: { user: slapd.user.dn, password: slapd.user.password } })
    expect(currentUser.via).toBe('current-user')
    expect(bound.via).toBe('credentials')
    expect(currentUser.url).toBe('LDAP://corp.example.com/DC=corp,DC=example,DC=com')
    expect(currentUser.computers).toHaveLength(slapd.counts.enabled)
    expect(slapd.counts.enabled).toBeGreaterThan(300)
    const byDn = (list: typeof bound.computers) => [...list].sort((a, b) => a.dn.localeCompare(b.dn))
    expect(byDn(currentUser.computers)).toEqual(byDn(bound.computers))
    expect(currentUser.skipped).toEqual(bound.skipped)
  }, 120_000)

  it('expands domain:NAME into named targets with the OS when no account is given', async () => {
    const { targets, notes } = await expandTargets([`domain:${DOMAIN}`], { ad: { platform: 'win32', currentUser: createCurrentUserQuery(() => runner) } })
    expect(targets).toHaveLength(slapd.counts.enabled)
    expect(targets.find((t) => t.kind === 'name' && t.name === 'ws0001.corp.example.com')).toEqual({
      kind: 'name',
      name: 'ws0001.corp.example.com',
      source: `domain:${DOMAIN}`,
      operatingSystem: 'Windows 11 Enterprise',
      operatingSystemVersion: '10.0 (22631)',
    })
    expect(targets.find((t) => t.kind === 'name' && t.name === 'WS0009')).toBeUndefined()
    expect(notes).toEqual([expect.stringMatching(/^AD corp\.example\.com: skipped cn=bad name,ou=Servers,dc=corp,dc=example,dc=com: it has no dNSHostName/)])
  }, 120_000)

  it("falls back to an LDAP bind with the scan's account when ADSI fails, and says why", async () => {
    const real = createPowerShellRunner({ executable: pwsh ?? 'pwsh', scriptsDir: defaultScriptsDir() })
    try {
      const { targets, notes } = await expandTargets([`domain:${DOMAIN}`], {
        ad: { url: slapd.ldapUrl, platform: 'win32', currentUser: createCurrentUserQuery(() => real), fallbackCredentials: { user: slapd.user.dn, password: slapd.user.password } },
      })
      expect(targets).toHaveLength(slapd.counts.enabled)
      expect(notes[0]).toBe(
        `AD ${DOMAIN}: read with an LDAP bind as the scan's account, because reading it as the current Windows user (ADSI) failed: ` +
          'ADSI failed (0x80131539): System.DirectoryServices is not supported on this platform',
      )
    } finally {
      await real.dispose()
    }
  }, 60_000)

  it("off Windows, binds with the scan's account and says the current user needs Windows", async () => {
    const result = await listAdComputers({ domain: DOMAIN, url: slapd.ldapUrl, platform: 'linux', fallbackCredentials: { user: slapd.user.dn, password: slapd.user.password } })
    expect(result.via).toBe('credentials')
    expect(result.computers).toHaveLength(slapd.counts.enabled)
    expect(result.fallbackReason).toMatch(/^this is linux, where Patchlane cannot sign in as the current Windows user/)
  }, 60_000)

  it('searches under an explicit base DN given with the domain', async () => {
    const result = await listAdComputers({ domain: DOMAIN, baseDn: `ou=Servers,${slapd.baseDn}`, platform: 'win32', currentUser: createCurrentUserQuery(() => runner) })
    expect(result.computers.map((c) => c.name)).toEqual(['FS01'])
    expect(result.skipped).toHaveLength(1)
  }, 60_000)
})
