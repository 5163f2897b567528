import fs from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CoreError } from '../../../../src-main/errors'
import { CONFIRM_ABOVE, expandTargets, HARD_LIMIT, type Target } from '../../../../src-main/targets/expand'
import { makeTempDir } from '../../../helpers/temp-dir'

/** For `.then(expectedRejection, …)`: a promise that should have rejected did not. */
function expectedRejection(): never {
  throw new Error('expected the call to reject')
}

function keys(targets: ReadonlyArray<Target>): string[] {
  return targets.map((t) => (t.kind === 'local' ? 'local' : t.kind === 'address' ? t.address : `name:${t.name}`))
}

describe('expandTargets', () => {
  let temp: ReturnType<typeof makeTempDir>
  beforeEach(() => {
    temp = makeTempDir()
  })
  afterEach(() => temp.cleanup())

  it('expands names, addresses, ranges and networks in order, with their source', async () => {
    const { targets, notes } = await expandTargets(['PC1', 'pc2.corp.example.com', '10.0.0.1-10.0.0.3', '192.168.7.0/30', '::1', '.'])
    expect(notes).toEqual([])
    expect(keys(targets)).toEqual(['name:PC1', 'name:pc2.corp.example.com', '10.0.0.1', '10.0.0.2', '10.0.0.3', '192.168.7.1', '192.168.7.2', '::1', 'local'])
    expect(targets[3]).toEqual({ kind: 'address', address: '10.0.0.2', family: 4, source: '10.0.0.1-10.0.0.3' })
    expect(targets[7]).toEqual({ kind: 'address', address: '::1', family: 6, source: '::1' })
  })

  it('drops duplicates, keeping the first source; names compare without case', async () => {
    const { targets } = await expandTargets(['10.0.0.2', '10.0.0.1-10.0.0.3', 'pc1', 'PC1', '.', 'localhost'])
    expect(keys(targets)).toEqual(['10.0.0.2', '10.0.0.1', '10.0.0.3', 'name:pc1', 'local'])
    expect(targets[0]?.source).toBe('10.0.0.2')
  })

  it('reads list files relative to baseDir and records file:line as the source', async () => {
    fs.writeFileSync(path.join(temp.dir, 'office.txt'), '# office\nPC1\n\n10.1.1.1-10.1.1.2\n')
    const { targets } = await expandTargets(['@office.txt', 'PC9'], { baseDir: temp.dir })
    expect(targets.map((t) => [keys([t])[0], t.source])).toEqual([
      ['name:PC1', 'office.txt:2'],
      ['10.1.1.1', 'office.txt:4'],
      ['10.1.1.2', 'office.txt:4'],
      ['name:PC9', 'PC9'],
    ])
  })

  it('reports every bad spec in one invalid-input error', async () => {
    const error = await expandTargets(['PC1', '10.0.0.256', "pc1';x", '10.0.0.0/40']).then(expectedRejection, (e: unknown) => e as CoreError)
    expect(error).toBeInstanceOf(CoreError)
    expect(error.code).toBe('invalid-input')
    expect(error.message).toBe(
      '3 targets are not valid: "10.0.0.256": the fourth number "256" is over 255; ' +
        '"pc1\';x": it contains a single quote (\') at position 4; a computer name holds only letters, digits, hyphens and dots; ' +
        '"10.0.0.0/40": the prefix length "40" is not a whole number from 0 to 32.',
    )
  })

  it('refuses an empty list of specs', async () => {
    await expect(expandTargets([])).rejects.toThrow(/No targets were given/)
  })

  it(`needs --yes above ${CONFIRM_ABOVE.toLocaleString('en-US')} addresses, and counts before expanding`, async () => {
    // A /15 holds 131,070 hosts: refused without confirmation, naming the largest spec.
    await expect(expandTargets(['PC1', '10.0.0.0/15'])).rejects.toThrow(
      'The targets add up to 131,071 addresses (the largest is 10.0.0.0/15, 131,070), more than 65,536; check for a typo, or confirm with --yes.',
    )
    // Exactly the limit passes: 10.0.0.0/16 (65,534 hosts) plus two names.
    const atLimit = await expandTargets(['10.0.0.0/16', 'PC1', 'PC2'])
    expect(atLimit.targets).toHaveLength(65_536)
    const confirmed = await expandTargets(['10.0.0.0/15'], { confirmLarge: true })
    expect(confirmed.targets).toHaveLength(131_070)
    expect(keys(confirmed.targets.slice(-1))).toEqual(['10.1.255.254'])
  })

  it('refuses more than the hard limit even when confirmed, before building anything', async () => {
    const started = performance.now()
    await expect(expandTargets(['10.0.0.0/8'], { confirmLarge: true })).rejects.toThrow(
      `The targets add up to 16,777,214 addresses (the largest is 10.0.0.0/8, 16,777,214), more than the ${HARD_LIMIT.toLocaleString('en-US')} one scan may hold even when confirmed; split the scan.`,
    )
    // Counting, not expanding: far quicker than building 16 million entries would be.
    expect(performance.now() - started).toBeLessThan(1_000)
  })

  it('counts the lines of list files toward the limit', async () => {
    fs.writeFileSync(path.join(temp.dir, 'big.txt'), '10.0.0.0/24\n10.0.1.0/24\n')
    await expect(expandTargets(['@big.txt'], { baseDir: temp.dir, confirmAbove: 500 })).rejects.toThrow(/add up to 508 addresses .* more than 500/)
  })

  it('asks for an account before reading an AD domain', async () => {
    const error = await expandTargets(['domain:corp.example.com']).then(expectedRejection, (e: unknown) => e as CoreError)
    expect(error.code).toBe('invalid-input')
    expect(error.message).toMatch(/^Reading the computers of the AD domain corp\.example\.com needs an account/)
    expect(error.message).toMatch(/cannot sign in as the current Windows user/)
    expect(error.message).toMatch(/--user CORP\\name/)
  })
})
