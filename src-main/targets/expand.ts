import path from 'node:path'
import { CoreError } from '../errors'
import { listAdComputers, type AdQueryOptions, type AdQueryResult } from './ad-domain'
import { formatCidr } from './cidr'
import { rangeAddresses, rangeSize } from './ipv4-range'
import { readListFile, type ListFileEntry } from './list-file'
import { parseTarget, quoteForMessage, type TargetSpec } from './parse-target'

/** More addresses than this (a /16) need an explicit confirmation (`--yes`). */
export const CONFIRM_ABOVE = 65_536
/** Never more than this (a /12), confirmed or not: at 256 probes a second it is over an hour. */
export const HARD_LIMIT = 1_048_576

/** One computer to probe and scan. `source` says which spec (and file line) it came from. */
export type Target =
  | { readonly kind: 'local'; readonly source: string }
  | { readonly kind: 'address'; readonly address: string; readonly family: 4 | 6; readonly source: string }
  | {
      readonly kind: 'name'
      readonly name: string
      readonly source: string
      /** From AD: what the directory says the computer runs (unverified until collected). */
      readonly operatingSystem?: string | null
      readonly operatingSystemVersion?: string | null
    }

export interface ExpandOptions {
  /** The admin confirmed a large scan (`--yes`). */
  readonly confirmLarge?: boolean
  /** Override of CONFIRM_ABOVE (tests, settings). */
  readonly confirmAbove?: number
  /** Relative list-file paths are read from here (default: the process's working directory). */
  readonly baseDir?: string
  /** LDAP settings for `domain:` specs (credentials, URL, CA). */
  readonly ad?: Omit<AdQueryOptions, 'domain'>
  /** Replaceable readers; the defaults read the file system and the directory. */
  readonly readListFile?: (path: string) => Promise<ReadonlyArray<ListFileEntry>>
  readonly listAdComputers?: (options: AdQueryOptions) => Promise<AdQueryResult>
}

export interface ExpandResult {
  readonly targets: ReadonlyArray<Target>
  /** Things the admin should know that did not stop the expansion (AD entries skipped, duplicates). */
  readonly notes: ReadonlyArray<string>
}

interface Located {
  readonly spec: TargetSpec
  readonly source: string
}

/**
 * Turns target specs into the list of computers to probe: list files read, AD domains
 * enumerated, ranges and networks expanded, duplicates dropped (first source kept). Every bad
 * spec is reported in one error. The size is counted before anything is expanded, so a typo
 * such as 10.0.0.0/8 is caught before 16 million entries are built.
 */
export async function expandTargets(specs: ReadonlyArray<string>, options: ExpandOptions = {}): Promise<ExpandResult> {
  if (specs.length === 0) throw new CoreError('invalid-input', 'No targets were given: name a computer, an address, a range, @listfile or domain:NAME.')
  const located = parseAll(specs)
  const notes: string[] = []
  const flat: Located[] = []
  for (const item of located) {
    if (item.spec.kind === 'list-file') flat.push(...(await fromListFile(item.spec.path, options)))
    else flat.push(item)
  }

  const adResults = new Map<string, AdQueryResult>()
  for (const { spec } of flat) {
    if (spec.kind !== 'ad-domain' || adResults.has(spec.domain)) continue
    const list = options.listAdComputers ?? listAdComputers
    const result = await list({ ...options.ad, domain: spec.domain })
    adResults.set(spec.domain, result)
    if (result.fallbackReason) notes.push(`AD ${spec.domain}: read with an LDAP bind as the scan's account, because ${result.fallbackReason}`)
    for (const skipped of result.skipped) notes.push(`AD ${spec.domain}: skipped ${skipped.dn}: ${skipped.problem}`)
  }

  checkSize(flat, adResults, options)

  const targets: Target[] = []
  const seen = new Set<string>()
  const add = (key: string, target: Target): void => {
    if (seen.has(key)) return
    seen.add(key)
    targets.push(target)
  }
  for (const { spec, source } of flat) {
    switch (spec.kind) {
      case 'local':
        add('local', { kind: 'local', source })
        break
      case 'ipv4':
        add(spec.address, { kind: 'address', address: spec.address, family: 4, source })
        break
      case 'ipv6':
        add(spec.address, { kind: 'address', address: spec.address, family: 6, source })
        break
      case 'ipv4-range':
      case 'ipv4-cidr': {
        const range = spec.kind === 'ipv4-range' ? spec.range : spec.cidr.hosts
        for (const address of rangeAddresses(range)) add(address, { kind: 'address', address, family: 4, source })
        break
      }
      case 'netbios':
      case 'fqdn':
        add(`name:${spec.name.toLowerCase()}`, { kind: 'name', name: spec.name, source })
        break
      case 'ad-domain':
        for (const computer of adResults.get(spec.domain)?.computers ?? []) {
          const name = computer.dnsHostName ?? computer.name
          add(`name:${name.toLowerCase()}`, {
            kind: 'name',
            name,
            source,
            operatingSystem: computer.operatingSystem,
            operatingSystemVersion: computer.operatingSystemVersion,
          })
        }
        break
      case 'list-file':
        // Flattened above; a list file never names another one.
        break
    }
  }
  return { targets, notes }
}

/** How many targets a spec stands for, without expanding it. */
export function countSpec(spec: TargetSpec, adResults?: ReadonlyMap<string, AdQueryResult>): number {
  switch (spec.kind) {
    case 'ipv4-range':
      return rangeSize(spec.range)
    case 'ipv4-cidr':
      return rangeSize(spec.cidr.hosts)
    case 'ad-domain':
      return adResults?.get(spec.domain)?.computers.length ?? 0
    case 'list-file':
      return 0
    default:
      return 1
  }
}

function parseAll(specs: ReadonlyArray<string>): Located[] {
  const located: Located[] = []
  const problems: string[] = []
  for (const text of specs) {
    const parsed = parseTarget(text)
    if (parsed.ok) located.push({ spec: parsed.spec, source: parsed.spec.text })
    else problems.push(`${quoteForMessage(text)}: ${parsed.problem}`)
  }
  if (problems.length === 1) throw new CoreError('invalid-input', `Target ${problems[0]}.`)
  if (problems.length > 1) throw new CoreError('invalid-input', `${problems.length} targets are not valid: ${problems.join('; ')}.`)
  return located
}

async function fromListFile(file: string, options: ExpandOptions): Promise<Located[]> {
  const resolved = path.resolve(options.baseDir ?? process.cwd(), file)
  const entries = await (options.readListFile ?? readListFile)(resolved)
  return entries.map((entry) => ({ spec: entry.spec, source: `${file}:${entry.line}` }))
}

function checkSize(flat: ReadonlyArray<Located>, adResults: ReadonlyMap<string, AdQueryResult>, options: ExpandOptions): void {
  const confirmAbove = options.confirmAbove ?? CONFIRM_ABOVE
  let total = 0
  let largest: { text: string; count: number } | null = null
  for (const { spec, source } of flat) {
    const count = countSpec(spec, adResults)
    total += count
    if (!largest || count > largest.count) largest = { text: spec.kind === 'ipv4-cidr' ? formatCidr(spec.cidr) : source, count }
  }
  const biggest = largest && largest.count > 1 ? ` (the largest is ${largest.text}, ${largest.count.toLocaleString('en-US')})` : ''
  if (total > HARD_LIMIT) {
    throw new CoreError(
      'invalid-input',
      `The targets add up to ${total.toLocaleString('en-US')} addresses${biggest}, more than the ${HARD_LIMIT.toLocaleString('en-US')} one scan may hold even when confirmed; split the scan.`,
    )
  }
  if (total > confirmAbove && !options.confirmLarge) {
    throw new CoreError(
      'invalid-input',
      `The targets add up to ${total.toLocaleString('en-US')} addresses${biggest}, more than ${confirmAbove.toLocaleString('en-US')}; check for a typo, or confirm with --yes.`,
    )
  }
}
