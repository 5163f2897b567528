import { describe, expect, it } from 'vitest'
import { SHARED_DATA, sharedDataPath } from '../../helpers/shared-data'
import { LAB_CAPTURES, buildFixture } from '../../lab/fixtures/build-fixture'
import { loadBuildTable } from '../../lab/fixtures/build-table'
import { parseMissingUpdates } from '../../lab/fixtures/read-capture'
import { parseLabOptions } from '../../lab/lab-options'

/** The Windows Update parts of the lab: fixtures from the real agent captures, and the wua-broken mode. */

const table = loadBuildTable(SHARED_DATA)
const build = (index: number, wua?: 'error' | 'disabled' | 'hang' | 'no-tasks') =>
  buildFixture({ index, name: `h${index + 1}`, address: `10.231.0.${11 + index}`, behaviour: { delaySeconds: 0, garbage: 'none', ...(wua ? { wua } : {}) }, sharedDataDir: SHARED_DATA, table })

describe('lab Windows Update fixtures', () => {
  it('answers the search from every real agent capture a lab machine has, line for line', () => {
    const withUpdates = LAB_CAPTURES.map((capture, index) => ({ capture, index })).filter(({ capture }) => capture.updates)
    expect(withUpdates.length).toBeGreaterThanOrEqual(2)
    for (const { capture, index } of withUpdates) {
      const lines = parseMissingUpdates(sharedDataPath('wesng', 'validation', capture.updates ?? ''))
      const missing = build(index).windowsUpdate.missing
      expect(lines.length).toBeGreaterThan(0)
      expect(missing.map((u) => `${u.kb}: ${u.title}`)).toEqual(lines.map((l) => `${l.kb}: ${l.title}`))
      for (const u of missing) expect(u.updateId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    }
    // A machine without a capture finds nothing missing.
    const without = LAB_CAPTURES.findIndex((capture) => !capture.updates)
    expect(build(without).windowsUpdate.missing).toEqual([])
  })

  it('disables wuauserv on a wua-broken:disabled host, and only there', () => {
    const disabled = build(3, 'disabled').services.find((s) => s.Name === 'wuauserv')
    expect(disabled).toMatchObject({ StartMode: 'Disabled', State: 'Stopped', ProcessId: 0 })
    expect(build(3).services.find((s) => s.Name === 'wuauserv')?.StartMode).toBe('Manual')
    expect(build(3, 'hang').services.find((s) => s.Name === 'wuauserv')?.StartMode).toBe('Manual')
  })

  it('parses --wua-broken NAME[:error|disabled|hang|no-tasks]', () => {
    const options = parseLabOptions(6, { wuaBroken: ['h04:disabled', 'h05', 'plab-h06:no-tasks'] })
    expect(options.modes.get('h04')).toEqual({ mode: 'wua-broken', delaySeconds: 0, wua: 'disabled' })
    expect(options.modes.get('h05')).toEqual({ mode: 'wua-broken', delaySeconds: 0, wua: 'error' })
    expect(options.modes.get('h06')).toEqual({ mode: 'wua-broken', delaySeconds: 0, wua: 'no-tasks' })
    expect(() => parseLabOptions(6, { wuaBroken: ['h04:sometimes'] })).toThrow('--wua-broken h04:sometimes: expected NAME or NAME:error|disabled|hang|no-tasks')
    expect(() => parseLabOptions(6, { wuaBroken: ['h04'], garbage: ['h04'] })).toThrow('host h04 is given two modes')
  })
})
