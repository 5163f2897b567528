import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CoreError } from '../../../src-main/errors'
import { listAdComputers } from '../../../src-main/targets/ad-domain'
import { expandTargets } from '../../../src-main/targets/expand'
import { slapdAvailable, startSlapd, type Slapd } from './slapd'

/** For `.then(expectedRejection, …)`: a promise that should have rejected did not. */
function expectedRejection(): never {
  throw new Error('expected the call to reject')
}

const DOMAIN = 'corp.example.com'

describe.skipIf(!slapdAvailable())('AD enumeration against a real LDAP server (slapd on 127.0.0.1)', () => {
  let slapd: Slapd
  beforeAll(async () => {
    slapd = await startSlapd()
  })
  afterAll(async () => {
    await slapd?.stop()
  })

  it('lists the enabled computers only, paged past the server size limit, with their OS', async () => {
    const result = await listAdComputers({ domain: DOMAIN, url: slapd.ldapUrl, credentials: { user: slapd.user.dn, password: slapd.user.password } })
    expect(result.url).toBe(slapd.ldapUrl)
    // 577 enabled is more than the 300 an unpaged search may return here.
    expect(result.computers).toHaveLength(slapd.counts.enabled)
    expect(slapd.counts.enabled).toBeGreaterThan(300)
    const names = new Set(result.computers.map((c) => c.name))
    expect(names.has('WS0000')).toBe(true)
    expect(names.has('WS0009')).toBe(false) // userAccountControl 4098: ACCOUNTDISABLE
    expect(result.computers.find((c) => c.name === 'WS0001')).toEqual({
      dn: `cn=WS0001,ou=Workstations,${slapd.baseDn}`,
      name: 'WS0001',
      dnsHostName: 'ws0001.corp.example.com',
      operatingSystem: 'Windows 11 Enterprise',
      operatingSystemVersion: '10.0 (22631)',
    })
    expect(result.computers.find((c) => c.name === 'FS01')).toMatchObject({ dnsHostName: null, operatingSystem: 'Windows Server 2012 R2 Standard' })
    expect(result.skipped).toEqual([
      {
        dn: `cn=bad name,ou=Servers,${slapd.baseDn}`,
        problem: 'it has no dNSHostName and its name "bad name" is not a valid computer name: it contains a space at position 4; a computer name holds only letters, digits, hyphens and dots',
      },
    ])
  })

  it('expands domain:NAME into named targets with the OS, notes the skipped entry, and drops duplicates', async () => {
    const { targets, notes } = await expandTargets(['ws0001.corp.example.com', `domain:${DOMAIN}`], {
      ad: { url: slapd.ldapUrl, credentials: { user: slapd.user.dn, password: slapd.user.password } },
    })
    expect(targets).toHaveLength(slapd.counts.enabled)
    expect(targets[0]).toEqual({ kind: 'name', name: 'ws0001.corp.example.com', source: 'ws0001.corp.example.com' })
    expect(targets.find((t) => t.kind === 'name' && t.name === 'FS01')).toEqual({
      kind: 'name',
      name: 'FS01',
      source: `domain:${DOMAIN}`,
      operatingSystem: 'Windows Server 2012 R2 Standard',
      operatingSystemVersion: '6.3 (9600)',
    })
    expect(notes).toEqual([expect.stringMatching(/^AD corp\.example\.com: skipped cn=bad name,ou=Servers,dc=corp,dc=example,dc=com: it has no dNSHostName/)])
  })

  it('counts the domain toward the --yes limit', async () => {
    await expect(
      expandTargets([`domain:${DOMAIN}`], { confirmAbove: 100, ad: { url: slapd.ldapUrl, credentials: { user: slapd.user.dn, password: slapd.user.password } } }),
    ).rejects.toThrow(`The targets add up to ${slapd.counts.enabled} addresses (the largest is domain:${DOMAIN}, ${slapd.counts.enabled}), more than 100`)
  })

  it('names the server and account when the password is wrong', async () => {
    const error = await listAdComputers({ domain: DOMAIN, url: slapd.ldapUrl, credentials: { user: slapd.user.dn, password: 'wrong' } }).then(expectedRejection, (e: unknown) => e as CoreError)
    expect(error).toBeInstanceOf(CoreError)
    expect(error.code).toBe('forbidden')
    expect(error.message).toBe(
      `The domain controller ${slapd.ldapUrl} refused the user name or password of ${slapd.user.dn} (LDAP invalidCredentials). ` +
        'Check the password, and give the account as CORP\\name or name@corp.example.com.',
    )
    expect(error.message).not.toContain('wrong')
  })

  it('refuses an untrusted LDAPS certificate, and works once the certificate is given', async () => {
    const credentials = { user: slapd.user.dn, password: slapd.user.password }
    const error = await listAdComputers({ domain: DOMAIN, url: slapd.ldapsUrl, credentials }).then(expectedRejection, (e: unknown) => e as CoreError)
    expect(error.code).toBe('network-failed')
    expect(error.message).toMatch(new RegExp(`^The certificate of the domain controller ${slapd.ldapsUrl.replace(/\./g, '\\.')} is not trusted here \\(`))
    const trusted = await listAdComputers({ domain: DOMAIN, url: slapd.ldapsUrl, credentials, caCertificates: [slapd.certificatePem] })
    expect(trusted.computers).toHaveLength(slapd.counts.enabled)
  })

  it('says when the search base does not exist', async () => {
    const error = await listAdComputers({
      domain: DOMAIN,
      url: slapd.ldapUrl,
      baseDn: 'ou=Nowhere,dc=corp,dc=example,dc=com',
      credentials: { user: slapd.user.dn, password: slapd.user.password },
    }).then(expectedRejection, (e: unknown) => e as CoreError)
    expect(error.code).toBe('not-found')
    expect(error.message).toBe(`The search base ou=Nowhere,dc=corp,dc=example,dc=com does not exist on ${slapd.ldapUrl}: check the domain name ${DOMAIN}, or give the base DN explicitly.`)
  })
})
