import { describe, expect, it } from 'vitest'
import { hostNames } from '../../lab/lab-layout'
import { parseLabOptions } from '../../lab/lab-options'
import { labPasswordFromEnv } from '../../lab/lab-user'

describe('lab options', () => {
  it('reads every host mode flag', () => {
    const options = parseLabOptions(8, { slow: ['h02:2.5'], down: ['h03', 'plab-h04:closed'], refuseAuth: ['h5'], garbage: ['h06', 'h07:protocol'], passwordAuth: ['h08'] })
    expect(Object.fromEntries(options.modes)).toEqual({
      h02: { mode: 'slow', delaySeconds: 2.5 },
      h03: { mode: 'unreachable', delaySeconds: 0 },
      h04: { mode: 'down', delaySeconds: 0 },
      h05: { mode: 'refuse-auth', delaySeconds: 0 },
      h06: { mode: 'garbage', delaySeconds: 0 },
      h07: { mode: 'garbage-protocol', delaySeconds: 0 },
      h08: { mode: 'password-auth', delaySeconds: 0 },
    })
  })

  it('takes the password-auth password only from the environment, and only a usable one', () => {
    expect(() => labPasswordFromEnv({})).toThrow(/--password-auth needs PATCHLANE_LAB_PASSWORD/)
    expect(() => labPasswordFromEnv({ PATCHLANE_LAB_PASSWORD: 'short' })).toThrow(/at least 12 characters/)
    expect(() => labPasswordFromEnv({ PATCHLANE_LAB_PASSWORD: 'has:a-colon-in-it' })).toThrow(/no colon/)
    expect(labPasswordFromEnv({ PATCHLANE_LAB_PASSWORD: 'a-long-enough-one' })).toBe('a-long-enough-one')
  })

  it('rejects unknown hosts, bad values and two modes for one host', () => {
    expect(() => parseLabOptions(3, { refuseAuth: ['h04'] })).toThrow(/no lab host "h04"/)
    expect(() => parseLabOptions(3, { slow: ['h01'] })).toThrow(/NAME:SECONDS/)
    expect(() => parseLabOptions(3, { down: ['h01:sideways'] })).toThrow(/closed/)
    expect(() => parseLabOptions(3, { down: ['h01'], garbage: ['h01'] })).toThrow(/two modes/)
    expect(() => parseLabOptions(0, {})).toThrow(/--hosts/)
    expect(() => parseLabOptions(201, {})).toThrow(/--hosts/)
  })

  it('names hosts so that interface names fit in 15 characters', () => {
    expect(hostNames(1)).toEqual({ name: 'h01', namespace: 'plab-h01', veth: 'plab-v01', address: '10.231.0.11' })
    expect(hostNames(200).veth.length).toBeLessThanOrEqual(15)
    expect(hostNames(200).address).toBe('10.231.0.210')
  })
})
