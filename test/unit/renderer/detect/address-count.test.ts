import { describe, expect, it } from 'vitest'
import { countAddresses, countSpec, largeScanRefusal, needsConfirmation } from '../../../../src-renderer/src/features/detect/address-count'

describe('address count before a scan is sent', () => {
  it('counts networks and ranges the way the scan service expands them', () => {
    // Up to /30 the network and broadcast addresses are left out; /31 and /32 keep both.
    expect(countSpec('10.1.0.0/16')).toBe(65_534)
    expect(countSpec('10.0.0.0/15')).toBe(131_070)
    expect(countSpec('192.168.1.20/24')).toBe(254)
    expect(countSpec('10.0.0.0/31')).toBe(2)
    expect(countSpec('10.0.0.7/32')).toBe(1)
    expect(countSpec('10.1.2.1-10.1.2.254')).toBe(254)
    expect(countSpec('10.0.0.0 - 10.1.255.255')).toBe(131_072)
    expect(countSpec('PC-0142')).toBe(1)
    // Refused by the service with its own message: counted as one here, never as a huge number.
    expect(countSpec('10.0.0.300/8')).toBe(1)
    expect(countSpec('10.0.0.9-10.0.0.1')).toBe(1)
    expect(countAddresses(['10.1.0.0/16', '10.2.0.0/24', 'PC-0142'])).toBe(65_534 + 254 + 1)
  })

  it('asks above a /16 and not above what the service refuses anyway', () => {
    expect(needsConfirmation(65_534)).toBe(false)
    expect(needsConfirmation(65_536)).toBe(false)
    expect(needsConfirmation(65_537)).toBe(true)
    expect(needsConfirmation(1_048_576)).toBe(true)
    expect(needsConfirmation(16_777_214)).toBe(false)
  })

  it('recognises the service’s CLI-worded refusal and takes its count', () => {
    const message = 'The targets add up to 131,070 addresses (the largest is 10.0.0.0/15, 131,070), more than 65,536; check for a typo, or confirm with --yes.'
    expect(largeScanRefusal(message)).toBe(131_070)
    expect(largeScanRefusal('Something else; confirm with --yes.')).toBe(0)
    expect(largeScanRefusal('Target "pc 1" is not valid: a space is not allowed.')).toBeNull()
  })
})
