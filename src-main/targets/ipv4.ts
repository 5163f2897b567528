/**
 * Strict dotted-decimal IPv4 addresses as 32-bit unsigned numbers.
 *
 * Only the four-part decimal form is accepted. The C library (inet_aton), and through it ping
 * and many tools, also reads `010.0.0.1` as octal (8.0.0.1), `10.1` as 10.0.0.1 and `0x0a.0.0.1`
 * as hex; an admin who typed any of those almost certainly meant something else, so they are
 * refused with the part named rather than silently scanning another network.
 */

/**
 * The outcome of parsing an IPv4 form: an address (the default), a range or a CIDR network, or
 * the problem in words. One shape for all of them, so callers handle every form alike.
 */
export type Ipv4Parse<T = number> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string }

const ORDINALS = ['first', 'second', 'third', 'fourth'] as const

/** Parses `a.b.c.d`; the problem text names the bad part. */
export function parseIpv4(text: string): Ipv4Parse {
  const parts = text.split('.')
  if (parts.length !== 4) {
    return {
      ok: false,
      problem: `an IPv4 address has four numbers separated by dots and "${text}" has ${parts.length}; short forms such as 10.1 are not accepted`,
    }
  }
  let value = 0
  for (const [index, part] of parts.entries()) {
    const which = `the ${ORDINALS[index] ?? `${index + 1}th`} number "${part}"`
    if (part === '') return { ok: false, problem: `${which} is empty` }
    if (!/^[0-9]+$/.test(part)) return { ok: false, problem: `${which} is not a decimal number (0-255)` }
    if (part.length > 1 && part.startsWith('0')) {
      return { ok: false, problem: `${which} has a leading zero, which some tools read as octal; write it without the zero` }
    }
    const octet = Number(part)
    if (octet > 255) return { ok: false, problem: `${which} is over 255` }
    value = value * 256 + octet
  }
  return { ok: true, value }
}

/** Formats a 32-bit unsigned number as dotted decimal. */
export function formatIpv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff].join('.')
}

/** True when the text is shaped like an attempt at a dotted IPv4 address (digits and dots only). */
export function looksLikeIpv4(text: string): boolean {
  return /^[0-9.]+$/.test(text) && text.includes('.')
}
