import { formatIpv4, parseIpv4, type Ipv4Parse } from './ipv4'
import type { Ipv4Range } from './ipv4-range'

/** An IPv4 network in CIDR notation, and the host addresses scanned in it. */
export interface Ipv4Cidr {
  /** The network address (host bits cleared). */
  readonly network: number
  readonly prefix: number
  /** The addresses scanned: without the network and broadcast addresses when the prefix is 30 or shorter. */
  readonly hosts: Ipv4Range
}

/**
 * Parses `a.b.c.d/p`. Host bits may be set (`192.168.1.20/24`, an admin's own address and
 * mask, means the whole 192.168.1.0/24). For prefixes up to /30 the network and broadcast
 * addresses are left out: no computer answers there, and probing a broadcast address is noise.
 * /31 (RFC 3021 point-to-point) and /32 keep every address.
 */
export function parseIpv4Cidr(text: string): Ipv4Parse<Ipv4Cidr> {
  const pieces = text.split('/')
  if (pieces.length !== 2) return { ok: false, problem: 'CIDR notation is an IPv4 address, a slash and a prefix length, such as 10.0.0.0/24' }
  const [addressText = '', prefixText = ''] = pieces
  const address = parseIpv4(addressText)
  if (!address.ok) return { ok: false, problem: `the address "${addressText}": ${address.problem}` }
  if (!/^(0|[1-9][0-9]?)$/.test(prefixText) || Number(prefixText) > 32) {
    return { ok: false, problem: `the prefix length "${prefixText}" is not a whole number from 0 to 32` }
  }
  const prefix = Number(prefixText)
  const size = 2 ** (32 - prefix)
  // Arithmetic, not bit operators: JavaScript's shifts are 32-bit signed and /0 would overflow.
  const network = Math.floor(address.value / size) * size
  const broadcast = network + size - 1
  const hosts = prefix <= 30 ? { first: network + 1, last: broadcast - 1 } : { first: network, last: broadcast }
  return { ok: true, value: { network, prefix, hosts } }
}

/** The network in canonical form, such as `10.0.0.0/24`. */
export function formatCidr(cidr: Ipv4Cidr): string {
  return `${formatIpv4(cidr.network)}/${cidr.prefix}`
}
