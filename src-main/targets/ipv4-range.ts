import { formatIpv4, parseIpv4, type Ipv4Parse } from './ipv4'

/** An inclusive range of IPv4 addresses, as 32-bit unsigned numbers. */
export interface Ipv4Range {
  readonly first: number
  readonly last: number
}

/**
 * Parses `a.b.c.d-e.f.g.h` (both ends written in full, inclusive). Spaces around the hyphen
 * are allowed. The shorthand `10.0.0.1-254` is refused with the full form suggested, because
 * tools disagree about what it means.
 */
export function parseIpv4Range(text: string): Ipv4Parse<Ipv4Range> {
  const pieces = text.split('-')
  if (pieces.length !== 2) return { ok: false, problem: 'a range is two IPv4 addresses joined by one hyphen, such as 10.0.0.1-10.0.0.254' }
  const [startText = '', endText = ''] = pieces.map((piece) => piece.trim())
  const start = parseIpv4(startText)
  if (!start.ok) return { ok: false, problem: `the start of the range "${startText}": ${start.problem}` }
  if (/^[0-9]+$/.test(endText) && Number(endText) <= 255) {
    const prefix = startText.split('.').slice(0, 3).join('.')
    return { ok: false, problem: `write the end of the range in full: ${startText}-${prefix}.${endText}` }
  }
  const end = parseIpv4(endText)
  if (!end.ok) return { ok: false, problem: `the end of the range "${endText}": ${end.problem}` }
  if (end.value < start.value) {
    return { ok: false, problem: `the range ends (${formatIpv4(end.value)}) before it starts (${formatIpv4(start.value)})` }
  }
  return { ok: true, value: { first: start.value, last: end.value } }
}

/** How many addresses the range holds. */
export function rangeSize(range: Ipv4Range): number {
  return range.last - range.first + 1
}

/** Every address of the range in order, as dotted decimal. */
export function* rangeAddresses(range: Ipv4Range): Generator<string> {
  for (let value = range.first; value <= range.last; value++) yield formatIpv4(value)
}
