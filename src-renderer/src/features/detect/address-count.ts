/**
 * How many addresses a scan's target specs stand for, counted in the page so the console can ask
 * before a very large scan is sent (the service counts again and stays the judge).
 *
 * Mirrors src-main/targets (expand.ts CONFIRM_ABOVE and HARD_LIMIT, cidr.ts, ipv4-range.ts): the
 * renderer may not import the Node side, and these few lines of arithmetic are all it needs.
 */

/** More addresses than this (a /16) are scanned only once the admin confirms (`confirmLarge`). */
export const CONFIRM_ABOVE = 65_536
/** The service refuses more than this even when confirmed; asking first would be pointless. */
export const HARD_LIMIT = 1_048_576

const IPV4 = String.raw`(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})`
const CIDR = new RegExp(`^${IPV4}/(\\d{1,2})$`)
const RANGE = new RegExp(`^${IPV4}\\s*-\\s*${IPV4}$`)

/** A dotted IPv4 address as a number, or null when a part is over 255. */
function toNumber(parts: ReadonlyArray<string | undefined>): number | null {
  let value = 0
  for (const part of parts) {
    const octet = Number(part)
    if (!Number.isInteger(octet) || octet > 255) return null
    value = value * 256 + octet
  }
  return value
}

/**
 * Addresses of one spec: a CIDR network without its network and broadcast addresses up to /30
 * (as the service scans it), a full `a.b.c.d-e.f.g.h` range, 1 for anything else. A spec the
 * service will refuse counts 1: its own message then says what is wrong.
 */
export function countSpec(spec: string): number {
  const cidr = CIDR.exec(spec.trim())
  if (cidr) {
    const prefix = Number(cidr[5])
    if (prefix > 32 || toNumber(cidr.slice(1, 5)) === null) return 1
    const size = 2 ** (32 - prefix)
    return prefix <= 30 ? size - 2 : size
  }
  const range = RANGE.exec(spec.trim())
  if (range) {
    const first = toNumber(range.slice(1, 5))
    const last = toNumber(range.slice(5, 9))
    return first === null || last === null || last < first ? 1 : last - first + 1
  }
  return 1
}

/** Addresses of every spec, added up as the service adds them (overlaps counted twice). */
export function countAddresses(specs: readonly string[]): number {
  return specs.reduce((total, spec) => total + countSpec(spec), 0)
}

/** True when a scan of `addresses` must be confirmed first, and could be (not over the hard limit). */
export function needsConfirmation(addresses: number): boolean {
  return addresses > CONFIRM_ABOVE && addresses <= HARD_LIMIT
}

/**
 * The address count in the service's refusal of an unconfirmed large scan, worded for the CLI
 * (“…add up to 131,070 addresses…, or confirm with --yes.”); null for any other error. The
 * console asks its own question instead of showing that sentence. `0` when the sentence is
 * recognised but carries no number.
 */
export function largeScanRefusal(message: string): number | null {
  if (!/confirm with --yes/.test(message)) return null
  const count = /add up to ([\d,.\s]+) addresses/.exec(message)?.[1]?.replace(/\D/g, '')
  return count ? Number(count) : 0
}
