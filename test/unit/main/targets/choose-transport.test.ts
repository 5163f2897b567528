import { describe, expect, it } from 'vitest'
import { chooseTransport, type Transport } from '../../../../src-main/targets/choose-transport'
import type { Target } from '../../../../src-main/targets/expand'

const REMOTE: Target = { kind: 'address', address: '10.0.0.5', family: 4, source: '10.0.0.5' }
const LOCAL: Target = { kind: 'local', source: '.' }

describe('chooseTransport', () => {
  it.each([
    [[5985, 5986, 22, 135, 445], 'winrm', 5985, false],
    [[5986, 22, 135], 'winrm', 5986, true],
    [[22, 135, 445], 'ssh', 22, false],
    [[135, 445], 'dcom', 135, false],
  ] as const)('open %j → %s on %d', (openPorts, transport, port, useTls) => {
    expect(chooseTransport({ target: REMOTE, openPorts })).toMatchObject({ transport, port, useTls, portSeenOpen: true })
  })

  it('finds nothing when only SMB (or nothing) answers', () => {
    expect(chooseTransport({ target: REMOTE, openPorts: [445] })).toEqual({ transport: null, reason: 'none of the transport ports (5985, 5986, 22, 135) answered' })
  })

  it('collects this computer locally whatever answers', () => {
    expect(chooseTransport({ target: LOCAL, openPorts: [5985] })).toMatchObject({ transport: 'local', port: null })
    expect(chooseTransport({ target: LOCAL, openPorts: [] }, 'local')).toMatchObject({ transport: 'local' })
    expect(chooseTransport({ target: LOCAL, openPorts: [22] }, 'ssh')).toEqual({ transport: null, reason: 'this computer is collected locally; ssh is for other computers' })
  })

  it('refuses the local transport for another computer', () => {
    expect(chooseTransport({ target: REMOTE, openPorts: [5985] }, 'local')).toMatchObject({ transport: null })
  })

  it.each([
    ['ssh', [5985, 22], 22, true, false],
    ['ssh', [5985], 22, false, false],
    ['dcom', [5985, 135], 135, true, false],
    ['winrm', [22], 5985, false, false],
    ['winrm', [5986], 5986, true, true],
  ] as const)('forced %s with %j open → port %d (seen %s)', (preference, openPorts, port, seen, useTls) => {
    const choice = chooseTransport({ target: REMOTE, openPorts }, preference as Transport)
    expect(choice).toMatchObject({ transport: preference, port, portSeenOpen: seen, useTls })
    if (!seen && choice.transport) expect(choice.reason).toMatch(/did not answer the probe/)
  })

  it('uses the port map given (tests probe their own ports)', () => {
    const ports = { winrmHttp: 40001, winrmHttps: 40002, ssh: 40003, dcom: 40004 }
    expect(chooseTransport({ target: REMOTE, openPorts: [40003] }, 'auto', ports)).toMatchObject({ transport: 'ssh', port: 40003 })
  })
})
