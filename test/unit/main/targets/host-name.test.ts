import { describe, expect, it } from 'vitest'
import { checkHostName, describeCharacter, FQDN_MAX_LENGTH, NETBIOS_MAX_LENGTH } from '../../../../src-main/targets/host-name'

describe('checkHostName', () => {
  it.each([
    ['PC1', 'netbios', 'PC1'],
    ['A'.repeat(NETBIOS_MAX_LENGTH), 'netbios', 'A'.repeat(NETBIOS_MAX_LENGTH)],
    ['LEGACY_NT4', 'netbios', 'LEGACY_NT4'],
    ['PC1.', 'netbios', 'PC1'],
    ['pc1.corp.example.com', 'fqdn', 'pc1.corp.example.com'],
    ['xn--bcher-kva.example', 'fqdn', 'xn--bcher-kva.example'],
    [`${'a'.repeat(63)}.example.com`, 'fqdn', `${'a'.repeat(63)}.example.com`],
  ])('accepts %s as %s', (input, kind, name) => {
    expect(checkHostName(input)).toEqual({ ok: true, kind, name })
  })

  it('accepts a DNS name of exactly 253 characters and refuses 254', () => {
    const exact = ['a'.repeat(63), 'b'.repeat(63), 'c'.repeat(63), 'd'.repeat(61)].join('.')
    expect(exact).toHaveLength(FQDN_MAX_LENGTH)
    expect(checkHostName(exact)).toMatchObject({ ok: true, kind: 'fqdn' })
    expect(checkHostName(`a${exact}`)).toEqual({ ok: false, problem: 'a DNS name is at most 253 characters and this one has 254' })
  })

  it('refuses the injection example with the character and where it is', () => {
    expect(checkHostName("pc1'; Remove-Item -Recurse C:\\ #")).toEqual({
      ok: false,
      problem: "it contains a single quote (') at position 4; a computer name holds only letters, digits, hyphens and dots",
    })
  })

  it.each(['"', '`', ';', '$', ' ', '&', '|', '\\', '/', '(', '<', '*', '%', '@', ',', ':', '=', '\n', '\u0000'])('refuses a name with %j', (char) => {
    const result = checkHostName(`pc${char}1`)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.problem).toContain(`${describeCharacter(char)} at position 3`)
  })
})

describe('describeCharacter', () => {
  it('names the characters that break quoting, and shows others by code point', () => {
    expect(describeCharacter(';')).toBe('a semicolon (;)')
    expect(describeCharacter(' ')).toBe('a space')
    expect(describeCharacter('\n')).toBe('the control character U+000A')
    expect(describeCharacter('ü')).toBe('U+00FC (ü)')
    expect(describeCharacter('😀')).toBe('U+1F600 (😀)')
  })
})
