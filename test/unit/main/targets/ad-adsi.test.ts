import net from 'node:net'
import { describe, expect, it } from 'vitest'
import { CoreError } from '../../../../src-main/errors'
import { ScriptFailure } from '../../../../src-main/powershell/script-output'
import { AdsiOutput, describeAdsiFailure, mapAdsiOutput, type CurrentUserAdRequest } from '../../../../src-main/targets/ad-adsi'
import { currentUserUnavailable, listAdComputers, type AdQueryResult } from '../../../../src-main/targets/ad-domain'

/** For `.then(expectedRejection, …)`: a promise that should have rejected did not. */
function expectedRejection(): never {
  throw new Error('expected the call to reject')
}

/** A current-user reader that records what it was asked and answers `result` (or rejects with `failure`). */
function reader(result: AdQueryResult | Error) {
  const asked: CurrentUserAdRequest[] = []
  const query = async (request: CurrentUserAdRequest): Promise<AdQueryResult> => {
    asked.push(request)
    if (result instanceof Error) throw result
    return result
  }
  return { asked, query }
}

/** A TCP port on 127.0.0.1 with nothing listening (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

const DOMAIN = 'corp.example.com'
const ANSWER: AdQueryResult = { url: 'LDAP://corp.example.com/DC=corp,DC=example,DC=com', via: 'current-user', computers: [], skipped: [] }

describe('choosing how to read the domain', () => {
  it('binds with the explicit account even on Windows, without asking the current user', async () => {
    const { asked, query } = reader(ANSWER)
    const port = await closedPort()
    const error = await listAdComputers({
      domain: DOMAIN,
      url: `ldap://127.0.0.1:${port}`,
      credentials: { user: 'CORP\\scan', password: 'pw' },
      platform: 'win32',
      currentUser: query,
      timeoutMs: 2000,
    }).then(expectedRejection, (e: unknown) => e as CoreError)
    expect(error.message).toMatch(new RegExp(`^Cannot reach the domain controller at ldap://127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\)`))
    expect(asked).toEqual([])
  })

  it('reads as the current user on Windows when no account is given, passing the domain, the DC of an explicit URL and the base', async () => {
    const { asked, query } = reader(ANSWER)
    const result = await listAdComputers({ domain: DOMAIN, url: 'ldaps://DC2.corp.example.com:636', baseDn: 'OU=Servers,DC=corp,DC=example,DC=com', timeoutMs: 60_000, platform: 'win32', currentUser: query })
    expect(result).toBe(ANSWER)
    expect(asked).toEqual([{ domain: DOMAIN, server: 'dc2.corp.example.com', baseDn: 'OU=Servers,DC=corp,DC=example,DC=com', timeoutMs: 60_000 }])
  })

  it.each([
    ['linux', true, /needs an account: this is linux, where Patchlane cannot sign in as the current Windows user \(that needs ADSI, on Windows;/],
    ['darwin', true, /needs an account: this is darwin, where Patchlane cannot sign in as the current Windows user/],
    ['win32', false, /needs an account: PowerShell, which reads the domain as the current Windows user \(ADSI\), is not available here\. Give one with --user CORP\\name/],
  ] as const)('on %s (PowerShell %s) without an account, says why the current user cannot be used and asks for one', async (platform, withReader, message) => {
    const { asked, query } = reader(ANSWER)
    const options = { domain: DOMAIN, platform, ...(withReader ? { currentUser: query } : {}) }
    expect(currentUserUnavailable(options)).not.toBeNull()
    const error = await listAdComputers(options).then(expectedRejection, (e: unknown) => e as CoreError)
    expect(error).toBeInstanceOf(CoreError)
    expect(error.code).toBe('invalid-input')
    expect(error.message).toMatch(message)
    expect(asked).toEqual([])
  })

  it('when ADSI fails, says why and asks for an account for the LDAP bind', async () => {
    const { query } = reader(new CoreError('network-failed', 'no domain controller of corp.example.com could be found from this computer (0x8007054B); ADSI said: The specified domain either does not exist or could not be contacted.'))
    const error = await listAdComputers({ domain: DOMAIN, platform: 'win32', currentUser: query }).then(expectedRejection, (e: unknown) => e as CoreError)
    expect(error.message).toBe(
      'Reading the computers of the AD domain corp.example.com needs an account: reading it as the current Windows user (ADSI) failed: ' +
        'no domain controller of corp.example.com could be found from this computer (0x8007054B); ADSI said: The specified domain either does not exist or could not be contacted. ' +
        'Give one with --user CORP\\name; any domain user can read computer objects.',
    )
  })

  it("does not fall back to the scan's account when it has no password (a key is no LDAP credential)", async () => {
    const error = await listAdComputers({ domain: DOMAIN, platform: 'linux', fallbackCredentials: { user: 'CORP\\scan', password: '' } }).then(expectedRejection, (e: unknown) => e as CoreError)
    expect(error.message).toMatch(/needs an account: this is linux/)
  })

  it('lets a cancel through as a cancel', async () => {
    const { query } = reader(new CoreError('cancelled', 'Get-AdComputers.ps1 was cancelled.'))
    const error = await listAdComputers({ domain: DOMAIN, platform: 'win32', currentUser: query }).then(expectedRejection, (e: unknown) => e as CoreError)
    expect(error.code).toBe('cancelled')
  })
})

describe('the JSON of Get-AdComputers.ps1 → computers to scan', () => {
  const output = AdsiOutput.parse({
    schemaVersion: 1,
    searchRoot: 'LDAP://corp.example.com/DC=corp,DC=example,DC=com',
    computers: [
      { dn: 'CN=WS0001,OU=Workstations,DC=corp,DC=example,DC=com', name: 'WS0001', dNSHostName: 'WS0001.corp.example.com.', operatingSystem: 'Windows 11 Enterprise', operatingSystemVersion: '10.0 (22631)' },
      { dn: 'CN=FS01,OU=Servers,DC=corp,DC=example,DC=com', name: 'FS01', dNSHostName: null, operatingSystem: 'Windows Server 2012 R2 Standard', operatingSystemVersion: '6.3 (9600)' },
      // A server that answers `name` as its subtype `cn` only: the name comes from the DN.
      { dn: 'CN=SRV2025-01,OU=Servers,DC=corp,DC=example,DC=com', name: null, dNSHostName: 'srv2025-01.corp.example.com', operatingSystem: 'Windows Server 2025 Datacenter', operatingSystemVersion: '10.0 (26100)' },
      { dn: 'CN=bad name,OU=Servers,DC=corp,DC=example,DC=com', name: 'bad name', dNSHostName: null, operatingSystem: null, operatingSystemVersion: null },
      { dn: "CN=evil,OU=Servers,DC=corp,DC=example,DC=com", name: 'evil', dNSHostName: "pc1'; Remove-Item -Recurse C:\\ #", operatingSystem: null, operatingSystemVersion: null },
    ],
  })

  it('scans the DNS host name (lower case, no trailing dot), else the account name, with the OS', () => {
    const { computers } = mapAdsiOutput(output)
    expect(computers).toEqual([
      { dn: 'CN=WS0001,OU=Workstations,DC=corp,DC=example,DC=com', name: 'WS0001', dnsHostName: 'ws0001.corp.example.com', operatingSystem: 'Windows 11 Enterprise', operatingSystemVersion: '10.0 (22631)' },
      { dn: 'CN=FS01,OU=Servers,DC=corp,DC=example,DC=com', name: 'FS01', dnsHostName: null, operatingSystem: 'Windows Server 2012 R2 Standard', operatingSystemVersion: '6.3 (9600)' },
      { dn: 'CN=SRV2025-01,OU=Servers,DC=corp,DC=example,DC=com', name: 'SRV2025-01', dnsHostName: 'srv2025-01.corp.example.com', operatingSystem: 'Windows Server 2025 Datacenter', operatingSystemVersion: '10.0 (26100)' },
    ])
  })

  it('skips, with the reason, an account whose name or DNS name is not a host name (never reaching a command line)', () => {
    const { skipped } = mapAdsiOutput(output)
    expect(skipped.map((s) => s.dn)).toEqual(['CN=bad name,OU=Servers,DC=corp,DC=example,DC=com', 'CN=evil,OU=Servers,DC=corp,DC=example,DC=com'])
    expect(skipped[0]?.problem).toMatch(/^it has no dNSHostName and its name "bad name" is not a valid computer name/)
    expect(skipped[1]?.problem).toMatch(/^its dNSHostName "pc1'; Remove-Item -Recurse C:\\ #" is not a valid host name/)
  })

  it('refuses a document of another shape', () => {
    expect(AdsiOutput.safeParse({ schemaVersion: 1, searchRoot: 'LDAP://x', computers: [{ dn: 'CN=a' }] }).success).toBe(false)
  })
})

describe('ADSI failures an administrator can act on', () => {
  const failure = (hresult: number, message: string) => new ScriptFailure(`Get-AdComputers.ps1 failed: ${message}`, { message, hresult, stage: 'search' }, '')

  it.each([
    [-2147023541, 'The specified domain either does not exist or could not be contacted.', /^no domain controller of corp\.example\.com could be found from this computer: check the domain name, and that this computer uses the domain's DNS servers \(0x8007054B\); ADSI said: The specified domain/],
    [-2147016646, 'The server is not operational.', /^the domain controller of corp\.example\.com did not answer \(LDAP port 389 blocked, or the DC is down\) \(0x8007203A\)/],
    [-2147016672, 'An operations error occurred.', /^the current user has no domain sign-in that corp\.example\.com accepts \(a local account, or no Kerberos ticket\) \(0x80072020\)/],
    [-2147024891, 'Access is denied.', /^the current user may not read computer objects in corp\.example\.com \(0x80070005\)/],
  ])('HRESULT %i', (hresult, message, expected) => {
    expect(describeAdsiFailure('corp.example.com', failure(hresult, message))).toMatch(expected)
  })

  it('keeps ADSI\'s words and code for anything else', () => {
    expect(describeAdsiFailure('corp.example.com', failure(-2146233031, 'System.DirectoryServices is not supported on this platform.'))).toBe(
      'ADSI failed (0x80131539): System.DirectoryServices is not supported on this platform.',
    )
    expect(describeAdsiFailure('corp.example.com', new Error('PowerShell stopped'))).toBe('ADSI failed: PowerShell stopped')
  })
})
