import { Address6 } from 'ip-address'
import { CoreError } from '../errors'
import { parseIpv4Cidr, type Ipv4Cidr } from './cidr'
import { checkHostName } from './host-name'
import { formatIpv4, looksLikeIpv4, parseIpv4 } from './ipv4'
import { parseIpv4Range, type Ipv4Range } from './ipv4-range'

/** Prefix of a list-file spec: `@C:\scans\office.txt`. */
export const LIST_FILE_PREFIX = '@'
/** Prefix of an Active Directory domain spec: `domain:corp.example.com`. */
export const AD_DOMAIN_PREFIX = 'domain:'
/** Specs that mean "this computer" (scanned locally, without any network transport). */
export const LOCAL_SPECS: ReadonlyArray<string> = ['.', 'localhost']

/** One target spec as the admin wrote it, classified. `text` is the spec, trimmed. */
export type TargetSpec =
  | { readonly kind: 'local'; readonly text: string }
  | { readonly kind: 'ipv4'; readonly text: string; readonly address: string }
  | { readonly kind: 'ipv6'; readonly text: string; readonly address: string }
  | { readonly kind: 'ipv4-range'; readonly text: string; readonly range: Ipv4Range }
  | { readonly kind: 'ipv4-cidr'; readonly text: string; readonly cidr: Ipv4Cidr }
  | { readonly kind: 'netbios'; readonly text: string; readonly name: string }
  | { readonly kind: 'fqdn'; readonly text: string; readonly name: string }
  | { readonly kind: 'list-file'; readonly text: string; readonly path: string }
  | { readonly kind: 'ad-domain'; readonly text: string; readonly domain: string }

export type TargetSpecKind = TargetSpec['kind']

export type TargetParse = { readonly ok: true; readonly spec: TargetSpec } | { readonly ok: false; readonly problem: string }

/**
 * Classifies one target spec: a computer name (NetBIOS or DNS), an IPv4 address, range
 * (`a.b.c.d-e.f.g.h`) or CIDR network, an IPv6 literal (optionally in brackets, with a zone),
 * `@file` for a list file, `domain:NAME` for the computers of an AD domain, or `.` /
 * `localhost` for this computer. Nothing is resolved or read here.
 */
export function parseTarget(input: string): TargetParse {
  const text = input.trim()
  if (text === '') return { ok: false, problem: 'the target is empty' }
  if (LOCAL_SPECS.includes(text.toLowerCase())) return { ok: true, spec: { kind: 'local', text } }

  if (text.startsWith(LIST_FILE_PREFIX)) {
    const path = text.slice(LIST_FILE_PREFIX.length).trim()
    if (path === '') return { ok: false, problem: `"${LIST_FILE_PREFIX}" must be followed by the path of a list file` }
    return { ok: true, spec: { kind: 'list-file', text, path } }
  }

  if (text.toLowerCase().startsWith(AD_DOMAIN_PREFIX)) {
    const domain = text.slice(AD_DOMAIN_PREFIX.length).trim()
    const checked = checkHostName(domain)
    if (!checked.ok) return { ok: false, problem: `the domain name "${domain}": ${checked.problem}` }
    if (checked.kind !== 'fqdn') {
      return { ok: false, problem: `give the domain's DNS name (such as corp.example.com), not its NetBIOS name "${domain}"` }
    }
    return { ok: true, spec: { kind: 'ad-domain', text, domain: checked.name.toLowerCase() } }
  }

  // Route by shape only when the text is made of address characters; anything else is judged
  // as a name, whose check names the first character that does not belong.
  if (/^[0-9A-Fa-f.:]+\/[^/]*(\/.*)?$/.test(text)) return parseCidrSpec(text)
  if ((text.includes(':') && /^\[?[0-9A-Za-z:.]*(%[^\]]*)?\]?$/.test(text)) || text.startsWith('[')) return parseIpv6Spec(text)
  if (/^[0-9.\s]+(-[0-9.\s]*)+$/.test(text)) {
    const range = parseIpv4Range(text)
    return range.ok ? { ok: true, spec: { kind: 'ipv4-range', text, range: range.value } } : range
  }
  if (looksLikeIpv4(text)) {
    const address = parseIpv4(text)
    return address.ok ? { ok: true, spec: { kind: 'ipv4', text, address: formatIpv4(address.value) } } : address
  }

  const name = checkHostName(text)
  if (!name.ok) return { ok: false, problem: name.problem }
  return { ok: true, spec: name.kind === 'netbios' ? { kind: 'netbios', text, name: name.name } : { kind: 'fqdn', text, name: name.name } }
}

/** Like `parseTarget`, but throws a `CoreError('invalid-input')` naming the spec and its bad part. */
export function parseTargetOrThrow(input: string): TargetSpec {
  const parsed = parseTarget(input)
  if (!parsed.ok) throw new CoreError('invalid-input', `Target ${quoteForMessage(input)} is not valid: ${parsed.problem}.`)
  return parsed.spec
}

/**
 * Quotes user input for an error message: control characters shown as \uXXXX, and very long
 * input cut, so a message never carries a terminal escape or a megabyte of junk.
 */
export function quoteForMessage(input: string, max = 120): string {
  const cut = input.length > max ? `${input.slice(0, max)}…` : input
  const safe = Array.from(cut)
    .map((char) => {
      const code = char.codePointAt(0) ?? 0
      return code < 0x20 || code === 0x7f ? `\\u${code.toString(16).padStart(4, '0')}` : char
    })
    .join('')
  return `"${safe}"`
}

function parseCidrSpec(text: string): TargetParse {
  const addressPart = text.split('/')[0] ?? ''
  if (addressPart.includes(':')) {
    return { ok: false, problem: 'IPv6 networks are not expanded (a /64 alone holds 2^64 addresses); list the IPv6 addresses one by one' }
  }
  const parsed = parseIpv4Cidr(text)
  return parsed.ok ? { ok: true, spec: { kind: 'ipv4-cidr', text, cidr: parsed.value } } : parsed
}

function parseIpv6Spec(text: string): TargetParse {
  let body = text
  if (body.startsWith('[')) {
    if (!body.endsWith(']')) return { ok: false, problem: 'an IPv6 address in brackets needs the closing "]" (a port cannot be given here)' }
    body = body.slice(1, -1)
  }
  const percent = body.indexOf('%')
  const zone = percent >= 0 ? body.slice(percent + 1) : ''
  const address = percent >= 0 ? body.slice(0, percent) : body
  if (percent >= 0 && !/^[A-Za-z0-9_.-]{1,64}$/.test(zone)) {
    return { ok: false, problem: `the IPv6 zone "${zone}" must be an interface name or number (letters, digits, "_", "-", ".")` }
  }
  if (!Address6.isValid(address)) {
    const bad = Array.from(address).find((char) => !/[0-9A-Fa-f:.]/.test(char))
    const detail = bad ? `it contains "${bad}", which is not a hexadecimal digit, ":" or "."` : 'its groups or "::" are not in a valid form'
    return { ok: false, problem: `"${address}" is not an IPv6 address: ${detail}` }
  }
  // RFC 5952 form, except that an embedded IPv4 tail (::ffff:10.0.0.1) stays readable.
  const canonical = address.includes('.') ? address.toLowerCase() : new Address6(address).correctForm()
  return { ok: true, spec: { kind: 'ipv6', text, address: zone ? `${canonical}%${zone}` : canonical } }
}
