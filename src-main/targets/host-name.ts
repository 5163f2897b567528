/**
 * Validation of computer names: NetBIOS names and DNS names (RFC 1123 host names).
 *
 * Names travel on to PowerShell, ssh and DNS. They are bound as parameters there, never pasted
 * into source, but refusing anything that is not a plain host name here means an admin sees the
 * problem at once, and no later layer ever meets `pc1'; Remove-Item -Recurse C:\ #`.
 */

/** Longest NetBIOS computer name Windows accepts (the 16th byte is the service suffix). */
export const NETBIOS_MAX_LENGTH = 15
/** RFC 1035: a whole name is at most 253 characters in text form, a label at most 63. */
export const FQDN_MAX_LENGTH = 253
export const LABEL_MAX_LENGTH = 63

export type HostNameCheck =
  | { readonly ok: true; readonly kind: 'netbios' | 'fqdn'; readonly name: string }
  | { readonly ok: false; readonly problem: string }

/** Characters worth naming in words, because they are the ones that break out of quoting. */
const CHARACTER_NAMES: Readonly<Record<string, string>> = {
  "'": 'a single quote',
  '"': 'a double quote',
  '`': 'a backtick',
  ';': 'a semicolon',
  '$': 'a dollar sign',
  ' ': 'a space',
  '\t': 'a tab',
  '&': 'an ampersand',
  '|': 'a pipe',
  '\\': 'a backslash',
  '/': 'a slash',
  '#': 'a hash sign',
  '(': 'a parenthesis',
  ')': 'a parenthesis',
  '{': 'a brace',
  '}': 'a brace',
  '<': 'an angle bracket',
  '>': 'an angle bracket',
  '*': 'an asterisk',
  '%': 'a percent sign',
  '@': 'an at sign',
  ',': 'a comma',
  ':': 'a colon',
  '=': 'an equals sign',
}

/** Describes one character so an admin can find it: `a semicolon (;)` or `U+00E9 (é)`. */
export function describeCharacter(char: string): string {
  const named = CHARACTER_NAMES[char]
  if (named) return char.trim() === '' ? named : `${named} (${char})`
  const code = char.codePointAt(0) ?? 0
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`
  return code < 0x20 || code === 0x7f ? `the control character ${hex}` : `${hex} (${char})`
}

/**
 * Checks a computer name. A name without dots is a NetBIOS name (at most 15 characters);
 * a name with dots is a DNS name whose labels follow RFC 1123 (letters, digits, hyphens; no
 * hyphen at either end; 1–63 characters; 253 in all). One trailing dot (an absolute name) is
 * accepted and dropped. The problem text names the offending part.
 */
export function checkHostName(input: string): HostNameCheck {
  if (input.length === 0) return { ok: false, problem: 'the name is empty' }
  // The first character outside the host-name alphabet decides the message: an injection
  // attempt is reported by the character that would have broken out of quoting.
  // Underscore is allowed in NetBIOS names only (checked below).
  for (const [index, char] of Array.from(input).entries()) {
    if (!/[A-Za-z0-9.\-_]/.test(char)) {
      return {
        ok: false,
        problem: `it contains ${describeCharacter(char)} at position ${index + 1}; a computer name holds only letters, digits, hyphens and dots`,
      }
    }
  }
  const name = input.endsWith('.') && input.length > 1 ? input.slice(0, -1) : input
  if (!name.includes('.')) return checkNetBiosName(name)
  return checkDnsName(name)
}

function checkNetBiosName(name: string): HostNameCheck {
  if (name.length > NETBIOS_MAX_LENGTH) {
    return {
      ok: false,
      problem: `a NetBIOS name is at most ${NETBIOS_MAX_LENGTH} characters and this one has ${name.length}; give the full DNS name (for example ${name}.corp.example.com)`,
    }
  }
  if (name.startsWith('-')) return { ok: false, problem: 'a computer name cannot start with a hyphen' }
  if (/^[0-9]+$/.test(name)) return { ok: false, problem: 'a computer name cannot be all digits' }
  return { ok: true, kind: 'netbios', name }
}

function checkDnsName(name: string): HostNameCheck {
  if (name.length > FQDN_MAX_LENGTH) {
    return { ok: false, problem: `a DNS name is at most ${FQDN_MAX_LENGTH} characters and this one has ${name.length}` }
  }
  const labels = name.split('.')
  for (const [index, label] of labels.entries()) {
    const where = `label ${index + 1} ("${label}")`
    if (label.length === 0) return { ok: false, problem: `it has an empty label (two dots together, or a leading dot)` }
    if (label.length > LABEL_MAX_LENGTH) return { ok: false, problem: `${where} is longer than ${LABEL_MAX_LENGTH} characters` }
    if (label.includes('_')) return { ok: false, problem: `${where} contains an underscore, which DNS host names do not allow` }
    if (label.startsWith('-') || label.endsWith('-')) return { ok: false, problem: `${where} starts or ends with a hyphen` }
  }
  // RFC 1123 2.1: the top-level label is never all digits, which keeps names apart from
  // dotted addresses; "10.1" or "0x1.2.3.4" are mistyped addresses, not names.
  const last = labels[labels.length - 1] ?? ''
  if (/^[0-9]+$/.test(last)) return { ok: false, problem: 'its last label is all digits, so it is neither a DNS name nor a valid IPv4 address' }
  return { ok: true, kind: 'fqdn', name }
}
