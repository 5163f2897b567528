import dns from 'node:dns'
import { Client, type Entry } from 'ldapts'
import { CoreError } from '../errors'
import type { CurrentUserAdQuery } from './ad-adsi'
import { describeLdapError, isUnreachable } from './ad-ldap-errors'
import { checkHostName } from './host-name'

/**
 * Enabled computer accounts. `objectCategory=computer` is indexed in AD (objectClass is not
 * always); bit 2 of userAccountControl (ACCOUNTDISABLE) is tested with the LDAP_MATCHING_RULE_BIT_AND
 * rule, 1.2.840.113556.1.4.803.
 */
export const AD_COMPUTER_FILTER = '(&(objectCategory=computer)(!(userAccountControl:1.2.840.113556.1.4.803:=2)))'
export const AD_COMPUTER_ATTRIBUTES: ReadonlyArray<string> = ['dNSHostName', 'name', 'operatingSystem', 'operatingSystemVersion']
/** AD answers at most MaxPageSize (1000 by default) entries per page; ask for less. */
export const AD_PAGE_SIZE = 500
export const LDAPS_PORT = 636

/** An explicit account for the LDAP bind: `CORP\name`, `name@corp.example.com`, or a DN. */
export interface AdCredentials {
  readonly user: string
  readonly password: string
}

/** One enabled computer account of the domain. */
export interface AdComputer {
  readonly dn: string
  /** The account's name (the NetBIOS computer name). */
  readonly name: string
  readonly dnsHostName: string | null
  readonly operatingSystem: string | null
  readonly operatingSystemVersion: string | null
}

/** A computer account that cannot be scanned, and why (a name that is not a valid host name). */
export interface AdSkippedEntry {
  readonly dn: string
  readonly problem: string
}

export interface AdQueryOptions {
  readonly domain: string
  /** An explicit account for the LDAP bind: used at once, the current user is not tried. */
  readonly credentials?: AdCredentials | undefined
  /** The scan's own account (with a password): bound with when the current user cannot be used. */
  readonly fallbackCredentials?: AdCredentials | undefined
  /** `ldaps://dc1.corp.example.com:636` or `ldap://…`; default: the domain's DCs over LDAPS. */
  readonly url?: string | undefined
  readonly baseDn?: string | undefined
  /** PEM certificates to trust for LDAPS (an enterprise CA that Node does not know). */
  readonly caCertificates?: ReadonlyArray<string> | undefined
  readonly timeoutMs?: number | undefined
  /** SRV lookup, replaceable where no DNS server for the domain exists. */
  readonly resolveSrv?: ((name: string) => Promise<ReadonlyArray<dns.SrvRecord>>) | undefined
  /** Reads the domain as the logged-on Windows user (ADSI through PowerShell, ad-adsi.ts); absent, only a bind with credentials is possible. */
  readonly currentUser?: CurrentUserAdQuery | undefined
  /** The platform this runs on (tests choose); the current-user path exists on Windows only. */
  readonly platform?: NodeJS.Platform | undefined
}

export interface AdQueryResult {
  /** The LDAP server URL bound to, or the ADsPath searched as the current user. */
  readonly url: string
  /** How the directory was read: as the current Windows user (ADSI) or with an explicit LDAP bind. */
  readonly via?: 'current-user' | 'credentials'
  /** Why the scan's account was bound with instead of the current user (shown to the admin). */
  readonly fallbackReason?: string
  readonly computers: ReadonlyArray<AdComputer>
  readonly skipped: ReadonlyArray<AdSkippedEntry>
}

/** `corp.example.com` → `DC=corp,DC=example,DC=com`. */
export function domainToBaseDn(domain: string): string {
  return domain
    .replace(/\.$/, '')
    .split('.')
    .map((label) => `DC=${label}`)
    .join(',')
}

/** True when an explicit account was given for the LDAP bind. */
export function hasCredentials(credentials: AdCredentials | undefined): credentials is AdCredentials {
  return credentials !== undefined && credentials.user.trim() !== ''
}

/**
 * The credentials, or an error saying why they are needed here: ldapts speaks simple and SASL
 * PLAIN/EXTERNAL binds only, so it cannot sign in as the current Windows user (Kerberos via
 * SASL/GSSAPI); `why` says why the current-user path (ADSI, Windows only) was not taken. An
 * empty password is refused too: an LDAP simple bind with an empty password is an anonymous
 * bind (RFC 4513 5.1.2), which would "succeed" and read nothing.
 */
export function requireCredentials(domain: string, credentials: AdCredentials | undefined, why?: string): AdCredentials {
  if (!hasCredentials(credentials)) throw accountNeeded(domain, why ?? "Patchlane's LDAP client cannot sign in as the current Windows user (no Kerberos/SASL GSSAPI bind)")
  if (credentials.password === '') {
    throw new CoreError('invalid-input', `The password for ${credentials.user} is empty; LDAP treats an empty password as an anonymous bind, so it is refused.`)
  }
  return credentials
}

/** The error asking for an account, saying why the current Windows user could not be used. */
function accountNeeded(domain: string, why: string): CoreError {
  return new CoreError(
    'invalid-input',
    `Reading the computers of the AD domain ${domain} needs an account: ${why}. ` +
      `Give one with --user ${domain.split('.')[0]?.toUpperCase() ?? 'DOMAIN'}\\name; any domain user can read computer objects.`,
  )
}

/** Checks an explicit LDAP URL: `ldap://` or `ldaps://`, a host, an optional port, nothing else. */
export function checkLdapUrl(url: string): string {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new CoreError('invalid-input', `The LDAP server URL "${url}" is not a URL; write it as ldaps://dc1.corp.example.com:636.`)
  }
  if (parsed.protocol !== 'ldap:' && parsed.protocol !== 'ldaps:') {
    throw new CoreError('invalid-input', `The LDAP server URL "${url}" must start with ldaps:// or ldap://, not ${parsed.protocol}//.`)
  }
  if (parsed.hostname === '' || (parsed.pathname !== '' && parsed.pathname !== '/') || parsed.search !== '' || parsed.username !== '') {
    throw new CoreError('invalid-input', `The LDAP server URL "${url}" may hold only a scheme, a host and a port, such as ldaps://dc1.corp.example.com:636.`)
  }
  return `${parsed.protocol}//${parsed.host.toLowerCase()}`
}

/**
 * The domain controllers to try, best first: the `_ldap._tcp.dc._msdcs.DOMAIN` SRV records
 * every AD DC registers (by priority, then weight), else the domain name itself, whose A
 * records AD also points at its DCs. Each becomes an LDAPS URL.
 */
export async function domainControllerUrls(
  domain: string,
  resolveSrv: (name: string) => Promise<ReadonlyArray<dns.SrvRecord>> = (name) => dns.promises.resolveSrv(name),
): Promise<ReadonlyArray<string>> {
  let records: ReadonlyArray<dns.SrvRecord> = []
  try {
    records = await resolveSrv(`_ldap._tcp.dc._msdcs.${domain}`)
  } catch {
    // No SRV answer (no AD DNS here, or a resolver that hides it): fall back to the domain's A records.
  }
  const hosts = [...records]
    .sort((a, b) => a.priority - b.priority || b.weight - a.weight)
    .map((record) => record.name.replace(/\.$/, ''))
    .filter((host) => checkHostName(host).ok)
  const unique = [...new Set(hosts.length > 0 ? hosts : [domain])]
  return unique.map((host) => `ldaps://${host}:${LDAPS_PORT}`)
}

/** The first value of an attribute as text, looked up without regard to case (servers differ). */
function firstString(entry: Entry, attribute: string): string | null {
  const key = Object.keys(entry).find((k) => k.toLowerCase() === attribute.toLowerCase())
  if (key === undefined) return null
  const value = entry[key]
  const first = Array.isArray(value) ? value[0] : value
  if (first === undefined) return null
  const text = typeof first === 'string' ? first : first.toString('utf8')
  return text.trim() === '' ? null : text.trim()
}

/**
 * Maps one search entry to a computer. The name comes from `name`, else `cn` (servers that
 * return the `name` supertype as its subtype `cn`), else the first RDN. The DNS host name is what
 * gets scanned, else the name; one that is not a valid host name is skipped with the reason.
 */
export function mapComputerEntry(entry: Entry): AdComputer | AdSkippedEntry {
  const rdn = /^[^=]+=((?:\\,|[^,])+)/.exec(entry.dn)?.[1] ?? null
  const name = firstString(entry, 'name') ?? firstString(entry, 'cn') ?? rdn
  if (name === null) return { dn: entry.dn, problem: 'the entry has no name' }
  const dnsHostName = firstString(entry, 'dNSHostName')
  if (dnsHostName !== null) {
    const dnsCheck = checkHostName(dnsHostName)
    if (!dnsCheck.ok) return { dn: entry.dn, problem: `its dNSHostName "${dnsHostName}" is not a valid host name: ${dnsCheck.problem}` }
  } else {
    // Without a DNS name the account's name is what gets scanned, so it must be a valid one.
    const nameCheck = checkHostName(name)
    if (!nameCheck.ok) return { dn: entry.dn, problem: `it has no dNSHostName and its name "${name}" is not a valid computer name: ${nameCheck.problem}` }
  }
  return {
    dn: entry.dn,
    name,
    dnsHostName: dnsHostName?.replace(/\.$/, '').toLowerCase() ?? null,
    operatingSystem: firstString(entry, 'operatingSystem'),
    operatingSystemVersion: firstString(entry, 'operatingSystemVersion'),
  }
}

/**
 * Why the current-user path cannot be taken here, or null when it can: it needs Windows (ADSI)
 * and PowerShell to run it, and is not used when an explicit account was given.
 */
export function currentUserUnavailable(options: AdQueryOptions): string | null {
  const platform = options.platform ?? process.platform
  if (platform !== 'win32') {
    return `this is ${platform}, where Patchlane cannot sign in as the current Windows user (that needs ADSI, on Windows; its LDAP client has no Kerberos/SASL GSSAPI bind)`
  }
  if (!options.currentUser) return 'PowerShell, which reads the domain as the current Windows user (ADSI), is not available here'
  return null
}

/**
 * Lists the enabled computer accounts of a domain. An explicit LDAP account is bound with at
 * once. Without one, on Windows: as the logged-on user through ADSI (Kerberos; see ad-adsi.ts).
 * Elsewhere, or when that fails: an LDAP bind (ldapts) with the scan's own account, saying why
 * (`fallbackReason`), or, without one, an error that says why and asks for an account.
 */
export async function listAdComputers(options: AdQueryOptions): Promise<AdQueryResult> {
  if (hasCredentials(options.credentials)) return listWithCredentials(options, options.credentials)
  let why = currentUserUnavailable(options)
  if (why === null && options.currentUser) {
    const server = options.url ? new URL(checkLdapUrl(options.url)).hostname : undefined
    try {
      return await options.currentUser({ domain: options.domain, server, baseDn: options.baseDn, timeoutMs: options.timeoutMs })
    } catch (error) {
      if (error instanceof CoreError && error.code === 'cancelled') throw error
      const said = error instanceof Error ? error.message : String(error)
      why = `reading it as the current Windows user (ADSI) failed: ${said.replace(/\.$/, '')}`
    }
  }
  const reason = why ?? 'no current-user reader'
  const fallback = options.fallbackCredentials
  if (!hasCredentials(fallback) || fallback.password === '') throw accountNeeded(options.domain, reason)
  return { ...(await listWithCredentials(options, fallback)), fallbackReason: reason }
}

/**
 * Binds with the explicit account, then a paged subtree search from the domain's root. DCs are
 * tried in turn while they cannot be reached; a refusal (bad password, no TLS) stops at once,
 * since another DC would say the same.
 */
async function listWithCredentials(options: AdQueryOptions, given: AdCredentials): Promise<AdQueryResult> {
  // Refuses an empty password (an anonymous bind).
  const credentials = requireCredentials(options.domain, given)
  const baseDn = options.baseDn ?? domainToBaseDn(options.domain)
  const urls = options.url ? [checkLdapUrl(options.url)] : await domainControllerUrls(options.domain, options.resolveSrv)
  let lastError: unknown = null
  for (const url of urls) {
    const context = { url, domain: options.domain, user: credentials.user, baseDn }
    try {
      return await queryOne(url, baseDn, credentials, options)
    } catch (error) {
      lastError = error
      if (!isUnreachable(error)) throw describeLdapError(error, context)
    }
  }
  const url = urls[urls.length - 1] ?? options.domain
  throw describeLdapError(lastError, { url, domain: options.domain, user: credentials.user, baseDn })
}

async function queryOne(url: string, baseDn: string, credentials: AdCredentials, options: AdQueryOptions): Promise<AdQueryResult> {
  const timeout = options.timeoutMs ?? 30_000
  const client = new Client({
    url,
    timeout,
    connectTimeout: Math.min(timeout, 10_000),
    tlsOptions: options.caCertificates ? { ca: [...options.caCertificates] } : {},
  })
  try {
    await client.bind(credentials.user, credentials.password)
    const { searchEntries } = await client.search(baseDn, {
      scope: 'sub',
      filter: AD_COMPUTER_FILTER,
      attributes: [...AD_COMPUTER_ATTRIBUTES],
      paged: { pageSize: AD_PAGE_SIZE },
    })
    const computers: AdComputer[] = []
    const skipped: AdSkippedEntry[] = []
    for (const entry of searchEntries) {
      const mapped = mapComputerEntry(entry)
      if ('problem' in mapped) skipped.push(mapped)
      else computers.push(mapped)
    }
    return { url, via: 'credentials', computers, skipped }
  } finally {
    await client.unbind().catch(() => undefined)
  }
}
