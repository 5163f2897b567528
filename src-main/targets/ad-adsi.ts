import type { Entry } from 'ldapts'
import { z } from 'zod'
import { CoreError } from '../errors'
import type { PowerShellRunner } from '../powershell/runner'
import { ScriptFailure } from '../powershell/script-output'
import { defineScript } from '../powershell/script-spec'
import { mapComputerEntry, type AdComputer, type AdQueryResult, type AdSkippedEntry } from './ad-domain'

/** A DNS domain or DC name as Get-AdComputers.ps1 accepts it (the script validates it again). */
const DnsNameParam = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/, 'a DNS domain name')

const AdsiComputer = z.object({
  dn: z.string(),
  name: z.string().nullable(),
  dNSHostName: z.string().nullable(),
  operatingSystem: z.string().nullable(),
  operatingSystemVersion: z.string().nullable(),
})

/** What Get-AdComputers.ps1 prints. */
export const AdsiOutput = z.object({
  schemaVersion: z.literal(1),
  /** The ADsPath searched, `LDAP://corp.example.com/DC=corp,DC=example,DC=com`. */
  searchRoot: z.string(),
  computers: z.array(AdsiComputer),
})
export type AdsiOutput = z.infer<typeof AdsiOutput>

/** Lists a domain's enabled computers through ADSI as the current Windows user (Get-AdComputers.ps1). */
export const getAdComputers = defineScript({
  file: 'Get-AdComputers.ps1',
  params: z.strictObject({
    Domain: DnsNameParam,
    Server: DnsNameParam.optional(),
    SearchBase: z.string().min(1).max(1024).optional(),
    PageSize: z.number().int().min(1).max(1000).optional(),
    TimeoutSeconds: z.number().int().min(5).max(3600).optional(),
  }),
  output: AdsiOutput,
  timeoutMs: 300_000,
})

/** What the current-user query is asked: the domain, and optionally a DC and a search base. */
export interface CurrentUserAdRequest {
  readonly domain: string
  readonly server?: string | undefined
  readonly baseDn?: string | undefined
  readonly timeoutMs?: number | undefined
}

/** Reads a domain's computers as the logged-on user; rejects with a CoreError naming the cause and fix. */
export type CurrentUserAdQuery = (request: CurrentUserAdRequest) => Promise<AdQueryResult>

/**
 * The script's computers → computers to scan and entries skipped, by the same rules as an LDAP
 * search entry (mapComputerEntry): the DNS host name is scanned, else a valid account name.
 */
export function mapAdsiOutput(output: AdsiOutput): { computers: AdComputer[]; skipped: AdSkippedEntry[] } {
  const computers: AdComputer[] = []
  const skipped: AdSkippedEntry[] = []
  for (const computer of output.computers) {
    const entry: Entry = { dn: computer.dn }
    if (computer.name !== null) entry.name = computer.name
    if (computer.dNSHostName !== null) entry.dNSHostName = computer.dNSHostName
    if (computer.operatingSystem !== null) entry.operatingSystem = computer.operatingSystem
    if (computer.operatingSystemVersion !== null) entry.operatingSystemVersion = computer.operatingSystemVersion
    const mapped = mapComputerEntry(entry)
    if ('problem' in mapped) skipped.push(mapped)
    else computers.push(mapped)
  }
  return { computers, skipped }
}

/** ADSI's HRESULTs for the failures an administrator meets, each with its one-line cause and fix. */
const ADSI_CAUSES: ReadonlyMap<number, (domain: string) => string> = new Map([
  // ERROR_NO_SUCH_DOMAIN
  [0x8007054b, (domain: string) => `no domain controller of ${domain} could be found from this computer: check the domain name, and that this computer uses the domain's DNS servers`],
  // ERROR_DS_SERVER_DOWN
  [0x8007203a, (domain: string) => `the domain controller of ${domain} did not answer (LDAP port 389 blocked, or the DC is down)`],
  // ERROR_DS_OPERATIONS_ERROR: typically no domain logon (a local account, or a process without Kerberos credentials)
  [0x80072020, (domain: string) => `the current user has no domain sign-in that ${domain} accepts (a local account, or no Kerberos ticket)`],
  // ERROR_LOGON_FAILURE
  [0x8007052e, (domain: string) => `${domain} refused the current user's sign-in`],
  // E_ACCESSDENIED
  [0x80070005, (domain: string) => `the current user may not read computer objects in ${domain}`],
  // ERROR_DS_NO_SUCH_OBJECT
  [0x80072030, (domain: string) => `the search base does not exist in ${domain}: check the domain name or the base DN`],
])

/** A failed ADSI run as a message with the cause, keeping the script's own words. */
export function describeAdsiFailure(domain: string, error: unknown): string {
  const report = error instanceof ScriptFailure ? error.report : null
  const said = report?.message ?? (error instanceof Error ? error.message : String(error))
  const hresult = typeof report?.hresult === 'number' ? report.hresult >>> 0 : null
  const cause = hresult === null ? undefined : ADSI_CAUSES.get(hresult)
  const code = hresult === null ? '' : ` (0x${hresult.toString(16).toUpperCase().padStart(8, '0')})`
  return cause ? `${cause(domain)}${code}; ADSI said: ${said.trim()}` : `ADSI failed${code}: ${said.trim()}`
}

/**
 * The current-user query through PowerShell: Get-AdComputers.ps1 on a shell of the pool. The
 * runner is asked for only when a domain is read, so a scan without one starts no PowerShell.
 */
export function createCurrentUserQuery(runner: () => PowerShellRunner | null): CurrentUserAdQuery {
  return async (request) => {
    const shells = runner()
    if (!shells) throw new CoreError('powershell-failed', 'PowerShell was not found, so the domain cannot be read as the current Windows user.')
    let output: AdsiOutput
    try {
      output = await shells.run(
        getAdComputers,
        {
          Domain: request.domain,
          ...(request.server ? { Server: request.server } : {}),
          ...(request.baseDn ? { SearchBase: request.baseDn } : {}),
          ...(request.timeoutMs ? { TimeoutSeconds: Math.max(5, Math.min(3600, Math.ceil(request.timeoutMs / 1000))) } : {}),
        },
        request.timeoutMs ? { timeoutMs: request.timeoutMs + 30_000 } : {},
      )
    } catch (error) {
      if (error instanceof CoreError && error.code === 'cancelled') throw error
      throw new CoreError('network-failed', describeAdsiFailure(request.domain, error), { cause: error })
    }
    return { url: output.searchRoot, via: 'current-user', ...mapAdsiOutput(output) }
  }
}
