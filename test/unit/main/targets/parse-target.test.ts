import { describe, expect, it } from 'vitest'
import { CoreError } from '../../../../src-main/errors'
import { formatCidr } from '../../../../src-main/targets/cidr'
import { formatIpv4 } from '../../../../src-main/targets/ipv4'
import { rangeSize } from '../../../../src-main/targets/ipv4-range'
import { parseTarget, parseTargetOrThrow, quoteForMessage, type TargetSpec } from '../../../../src-main/targets/parse-target'

/** A spec reduced to what a table can compare. */
function summary(spec: TargetSpec): string {
  switch (spec.kind) {
    case 'local':
      return 'local'
    case 'ipv4':
    case 'ipv6':
      return `${spec.kind} ${spec.address}`
    case 'ipv4-range':
      return `range ${formatIpv4(spec.range.first)}..${formatIpv4(spec.range.last)} (${rangeSize(spec.range)})`
    case 'ipv4-cidr':
      return `cidr ${formatCidr(spec.cidr)} hosts ${formatIpv4(spec.cidr.hosts.first)}..${formatIpv4(spec.cidr.hosts.last)} (${rangeSize(spec.cidr.hosts)})`
    case 'netbios':
    case 'fqdn':
      return `${spec.kind} ${spec.name}`
    case 'list-file':
      return `list ${spec.path}`
    case 'ad-domain':
      return `domain ${spec.domain}`
  }
}

describe('parseTarget: every accepted form', () => {
  it.each([
    ['.', 'local'],
    ['localhost', 'local'],
    ['  LOCALHOST ', 'local'],
    ['PC1', 'netbios PC1'],
    ['ws-0042', 'netbios ws-0042'],
    ['FILESRV_01', 'netbios FILESRV_01'],
    ['ABCDEFGHIJKLMNO', 'netbios ABCDEFGHIJKLMNO'],
    ['pc1.corp.example.com', 'fqdn pc1.corp.example.com'],
    ['pc1.corp.example.com.', 'fqdn pc1.corp.example.com'],
    ['3com.example.org', 'fqdn 3com.example.org'],
    ['10.0.0.1', 'ipv4 10.0.0.1'],
    ['0.0.0.0', 'ipv4 0.0.0.0'],
    ['255.255.255.255', 'ipv4 255.255.255.255'],
    ['10.0.0.1-10.0.0.254', 'range 10.0.0.1..10.0.0.254 (254)'],
    ['10.0.0.250 - 10.0.1.5', 'range 10.0.0.250..10.0.1.5 (12)'],
    ['10.0.0.7-10.0.0.7', 'range 10.0.0.7..10.0.0.7 (1)'],
    ['192.168.1.0/24', 'cidr 192.168.1.0/24 hosts 192.168.1.1..192.168.1.254 (254)'],
    ['192.168.1.77/24', 'cidr 192.168.1.0/24 hosts 192.168.1.1..192.168.1.254 (254)'],
    ['10.0.0.0/30', 'cidr 10.0.0.0/30 hosts 10.0.0.1..10.0.0.2 (2)'],
    ['10.0.0.0/31', 'cidr 10.0.0.0/31 hosts 10.0.0.0..10.0.0.1 (2)'],
    ['10.9.8.7/32', 'cidr 10.9.8.7/32 hosts 10.9.8.7..10.9.8.7 (1)'],
    ['10.0.0.0/16', 'cidr 10.0.0.0/16 hosts 10.0.0.1..10.0.255.254 (65534)'],
    ['0.0.0.0/0', 'cidr 0.0.0.0/0 hosts 0.0.0.1..255.255.255.254 (4294967294)'],
    ['::1', 'ipv6 ::1'],
    ['2001:DB8:0:0:0:0:0:1', 'ipv6 2001:db8::1'],
    ['[2001:db8::10]', 'ipv6 2001:db8::10'],
    ['fe80::1%eth0', 'ipv6 fe80::1%eth0'],
    ['fe80::1%12', 'ipv6 fe80::1%12'],
    ['::ffff:192.0.2.1', 'ipv6 ::ffff:192.0.2.1'],
    ['@office.txt', 'list office.txt'],
    ['@C:\\scans\\office list.txt', 'list C:\\scans\\office list.txt'],
    ['domain:Corp.Example.com', 'domain corp.example.com'],
    ['DOMAIN:corp.example.com', 'domain corp.example.com'],
  ])('%s → %s', (input, expected) => {
    const parsed = parseTarget(input)
    expect(parsed.ok ? summary(parsed.spec) : parsed.problem).toBe(expected)
  })
})

describe('parseTarget: every refused form names the bad part', () => {
  it.each([
    ['', /empty/],
    ['   ', /empty/],
    ["pc1'; Remove-Item -Recurse C:\\ #", /single quote \('\) at position 4/],
    ['pc1"', /double quote \("\) at position 4/],
    ['pc1;calc', /semicolon \(;\) at position 4/],
    ['pc1`whoami`', /backtick \(`\) at position 4/],
    ['$env:COMPUTERNAME', /dollar sign \(\$\) at position 1/],
    ['pc 1', /a space at position 3/],
    ['pc1|calc', /pipe \(\|\) at position 4/],
    ['pc1&calc', /ampersand \(&\) at position 4/],
    ['pc1\u0007', /control character U\+0007 at position 4/],
    ['pcé', /U\+00E9 \(é\) at position 3/],
    ['ABCDEFGHIJKLMNOP', /NetBIOS name is at most 15 characters and this one has 16/],
    ['-pc1', /cannot start with a hyphen/],
    ['12345', /cannot be all digits/],
    ['pc1..corp.com', /empty label/],
    ['pc1.-corp.com', /label 2 \("-corp"\) starts or ends with a hyphen/],
    ['pc_1.corp.com', /label 1 \("pc_1"\) contains an underscore/],
    [`${'a'.repeat(64)}.corp.com`, /label 1 .* longer than 63/],
    [`${'abcdefghi.'.repeat(26)}com`, /at most 253 characters/],
    ['0x1.2.3.4', /last label is all digits/],
    ['010.0.0.1', /the first number "010" has a leading zero/],
    ['10.01.0.1', /the second number "01" has a leading zero/],
    ['10.1', /four numbers .* "10.1" has 2; short forms/],
    ['10.0.0', /has 3/],
    ['10.0.0.256', /the fourth number "256" is over 255/],
    ['1.2.3.4.5', /has 5/],
    ['10.0..1', /the third number "" is empty/],
    ['10.0.0.1-254', /write the end of the range in full: 10.0.0.1-10.0.0.254/],
    ['10.0.0.9-10.0.0.1', /ends \(10.0.0.1\) before it starts \(10.0.0.9\)/],
    ['10.0.0.1-10.0.0.300', /the end of the range "10.0.0.300": the fourth number "300" is over 255/],
    ['010.0.0.1-10.0.0.5', /the start of the range "010.0.0.1": the first number "010" has a leading zero/],
    ['10.0.0.1-10.0.0.2-10.0.0.3', /two IPv4 addresses joined by one hyphen/],
    ['10.0.0.0/33', /prefix length "33" is not a whole number from 0 to 32/],
    ['10.0.0.0/024', /prefix length "024"/],
    ['10.0.0.0/', /prefix length ""/],
    ['10.0.0.0/24/8', /CIDR notation/],
    ['10.0.0/24', /the address "10.0.0": .* has 3/],
    ['2001:db8::/64', /IPv6 networks are not expanded/],
    ['1::2::3', /"1::2::3" is not an IPv6 address/],
    ['2001:db8::g', /contains "g"/],
    ['[2001:db8::1', /closing "\]"/],
    ['fe80::1%eth0;rm', /zone "eth0;rm"/],
    ['@', /must be followed by the path/],
    ['domain:', /the domain name "": the name is empty/],
    ['domain:CORP', /DNS name .* not its NetBIOS name "CORP"/],
    ["domain:corp'.com", /single quote/],
  ])('%j is refused', (input, problem) => {
    const parsed = parseTarget(input)
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) expect(parsed.problem).toMatch(problem)
  })
})

describe('parseTargetOrThrow', () => {
  it('throws invalid-input quoting the spec and its problem', () => {
    const attempt = (): TargetSpec => parseTargetOrThrow("pc1'; Remove-Item -Recurse C:\\ #")
    expect(attempt).toThrow(CoreError)
    expect(attempt).toThrow(`Target "pc1'; Remove-Item -Recurse C:\\ #" is not valid: it contains a single quote (') at position 4`)
  })

  it('returns the spec for good input', () => {
    expect(parseTargetOrThrow('10.0.0.1')).toEqual({ kind: 'ipv4', text: '10.0.0.1', address: '10.0.0.1' })
  })
})

describe('quoteForMessage', () => {
  it('escapes control characters and cuts long input', () => {
    expect(quoteForMessage('a\u001b[31mb')).toBe('"a\\u001b[31mb"')
    expect(quoteForMessage('x'.repeat(200), 10)).toBe(`"${'x'.repeat(10)}…"`)
  })
})
