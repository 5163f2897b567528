import net from 'node:net'
import { InvalidCredentialsError, StrongAuthRequiredError } from 'ldapts'
import { describe, expect, it } from 'vitest'
import { CoreError } from '../../../../src-main/errors'
import {
  AD_COMPUTER_ATTRIBUTES,
  AD_COMPUTER_FILTER,
  checkLdapUrl,
  domainControllerUrls,
  domainToBaseDn,
  listAdComputers,
  mapComputerEntry,
  requireCredentials,
} from '../../../../src-main/targets/ad-domain'
import { describeLdapError } from '../../../../src-main/targets/ad-ldap-errors'

/** For `.then(expectedRejection, …)`: a promise that should have rejected did not. */
function expectedRejection(): never {
  throw new Error('expected the call to reject')
}

describe('AD search construction', () => {
  it('asks for enabled computer objects with the OS attributes', () => {
    expect(AD_COMPUTER_FILTER).toBe('(&(objectCategory=computer)(!(userAccountControl:1.2.840.113556.1.4.803:=2)))')
    expect(AD_COMPUTER_ATTRIBUTES).toEqual(['dNSHostName', 'name', 'operatingSystem', 'operatingSystemVersion'])
  })

  it('derives the base DN from the domain', () => {
    expect(domainToBaseDn('corp.example.com')).toBe('DC=corp,DC=example,DC=com')
    expect(domainToBaseDn('ad.contoso.local.')).toBe('DC=ad,DC=contoso,DC=local')
  })
})

describe('credentials', () => {
  it('explains that the current Windows user cannot be used and suggests --user', () => {
    expect(() => requireCredentials('corp.example.com', undefined)).toThrow(
      "Reading the computers of the AD domain corp.example.com needs an account: Patchlane's LDAP client cannot sign in as the current Windows user " +
        '(no Kerberos/SASL GSSAPI bind). Give one with --user CORP\\name; any domain user can read computer objects.',
    )
    expect(() => requireCredentials('corp.example.com', { user: '  ', password: 'x' })).toThrow(/needs an account/)
  })

  it('refuses an empty password, which LDAP would take as an anonymous bind', () => {
    expect(() => requireCredentials('corp.example.com', { user: 'CORP\\scan', password: '' })).toThrow(/empty; LDAP treats an empty password as an anonymous bind/)
  })
})

describe('LDAP URLs', () => {
  it.each([
    ['ldaps://dc1.corp.example.com:636', 'ldaps://dc1.corp.example.com:636'],
    ['ldap://127.0.0.1:3890/', 'ldap://127.0.0.1:3890'],
    ['LDAPS://DC1.corp.example.com', 'ldaps://dc1.corp.example.com'],
  ])('accepts %s', (url, expected) => {
    expect(checkLdapUrl(url)).toBe(expected)
  })

  it.each([
    ['dc1.corp.example.com', /is not a URL/],
    ['https://dc1.corp.example.com', /must start with ldaps:\/\/ or ldap:\/\/, not https:\/\//],
    ['ldap://dc1/DC=corp,DC=example?cn', /only a scheme, a host and a port/],
    ['ldap://user:pw@dc1', /only a scheme, a host and a port/],
  ])('refuses %s', (url, problem) => {
    expect(() => checkLdapUrl(url)).toThrow(problem)
  })
})

describe('domainControllerUrls', () => {
  it('orders SRV records by priority then weight, over LDAPS', async () => {
    const urls = await domainControllerUrls('corp.example.com', async (name) => {
      expect(name).toBe('_ldap._tcp.dc._msdcs.corp.example.com')
      return [
        { name: 'dc3.corp.example.com', port: 389, priority: 10, weight: 100 },
        { name: 'dc1.corp.example.com.', port: 389, priority: 0, weight: 50 },
        { name: 'dc2.corp.example.com', port: 389, priority: 0, weight: 100 },
        { name: "evil'.corp.example.com", port: 389, priority: 0, weight: 100 },
      ]
    })
    expect(urls).toEqual(['ldaps://dc2.corp.example.com:636', 'ldaps://dc1.corp.example.com:636', 'ldaps://dc3.corp.example.com:636'])
  })

  it('falls back to the domain name when there is no SRV answer', async () => {
    const urls = await domainControllerUrls('corp.example.com', () => Promise.reject(Object.assign(new Error('queryFailed'), { code: 'ENOTFOUND' })))
    expect(urls).toEqual(['ldaps://corp.example.com:636'])
  })
})

describe('mapComputerEntry', () => {
  it('maps an AD entry, preferring the DNS host name', () => {
    expect(
      mapComputerEntry({
        dn: 'CN=WS0042,OU=Workstations,DC=corp,DC=example,DC=com',
        dNSHostName: 'WS0042.corp.example.com',
        name: 'WS0042',
        operatingSystem: 'Windows 11 Enterprise',
        operatingSystemVersion: '10.0 (22631)',
      }),
    ).toEqual({
      dn: 'CN=WS0042,OU=Workstations,DC=corp,DC=example,DC=com',
      name: 'WS0042',
      dnsHostName: 'ws0042.corp.example.com',
      operatingSystem: 'Windows 11 Enterprise',
      operatingSystemVersion: '10.0 (22631)',
    })
  })

  it('reads attribute names in any case, cn for name, and Buffers', () => {
    expect(mapComputerEntry({ dn: 'CN=OLD01,CN=Computers,DC=corp,DC=example,DC=com', cn: ['OLD01'], OPERATINGSYSTEM: Buffer.from('Windows Server 2012 R2 Standard') })).toEqual({
      dn: 'CN=OLD01,CN=Computers,DC=corp,DC=example,DC=com',
      name: 'OLD01',
      dnsHostName: null,
      operatingSystem: 'Windows Server 2012 R2 Standard',
      operatingSystemVersion: null,
    })
    expect(mapComputerEntry({ dn: 'CN=NONAME,DC=corp,DC=example,DC=com' })).toMatchObject({ name: 'NONAME' })
  })

  it('skips an entry whose name would not be a safe host name', () => {
    expect(mapComputerEntry({ dn: 'CN=x,DC=corp', name: "pc1'; calc", dNSHostName: '' })).toEqual({
      dn: 'CN=x,DC=corp',
      problem: `it has no dNSHostName and its name "pc1'; calc" is not a valid computer name: it contains a single quote (') at position 4; a computer name holds only letters, digits, hyphens and dots`,
    })
    expect(mapComputerEntry({ dn: 'CN=y,DC=corp', name: 'Y', dNSHostName: 'y corp.example.com' })).toMatchObject({ problem: /dNSHostName "y corp\.example\.com"/ })
  })
})

describe('LDAP errors for an admin', () => {
  const context = { url: 'ldaps://dc1.corp.example.com:636', domain: 'corp.example.com', user: 'CORP\\scan', baseDn: 'DC=corp,DC=example,DC=com' }

  it('names the server and account on a bad password, without the password', () => {
    const error = describeLdapError(new InvalidCredentialsError('80090308: LdapErr: DSID-0C090569, comment: AcceptSecurityContext error, data 52e, v4563'), context)
    expect(error.code).toBe('forbidden')
    expect(error.message).toMatch(/^The domain controller ldaps:\/\/dc1\.corp\.example\.com:636 refused the user name or password of CORP\\scan/)
  })

  it('sends a signing requirement to LDAPS', () => {
    expect(describeLdapError(new StrongAuthRequiredError('00002028: LdapErr: DSID-0C090259, comment: The server requires binds to turn on integrity checking'), context).message).toMatch(
      /Use ldaps:\/\/corp\.example\.com:636/,
    )
  })

  it('says when the certificate is not trusted', () => {
    const tls = Object.assign(new Error('self-signed certificate in certificate chain'), { code: 'SELF_SIGNED_CERT_IN_CHAIN' })
    expect(describeLdapError(tls, context).message).toMatch(/is not trusted here \(SELF_SIGNED_CERT_IN_CHAIN\)\. Give the domain's CA certificate/)
  })

  it('reports an unreachable DC after trying it, through the real client', async () => {
    // A port that was just closed on loopback: the connect is refused at once.
    const server = net.createServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const port = (server.address() as net.AddressInfo).port
    await new Promise<void>((resolve) => server.close(() => resolve()))
    const error = await listAdComputers({ domain: 'corp.example.com', url: `ldap://127.0.0.1:${port}`, credentials: { user: 'CORP\\scan', password: 'pw' } }).then(expectedRejection, (e: unknown) => e as CoreError)
    expect(error).toBeInstanceOf(CoreError)
    expect(error.code).toBe('network-failed')
    expect(error.message).toBe(
      `Cannot reach the domain controller at ldap://127.0.0.1:${port} (ECONNREFUSED): check that the name resolves and TCP 389 is open, or give the LDAP server URL explicitly.`,
    )
  })
})
