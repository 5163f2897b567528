import fs from 'node:fs'
import path from 'node:path'
import type { Database } from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assessHost } from '../../../src-main/assess/assess-host'
import { importPaths } from '../../../src-main/catalog/importer'
import { openDatabase } from '../../../src-main/store/database'
import { sharedDataPath } from '../../helpers/shared-data'
import { makeTempDir } from '../../helpers/temp-dir'
import { agentMissing, captureInventory } from './wua-captures'

/**
 * Patchlane against Microsoft's own agent. Three Windows 10 machines captured on 2019-03-05/06
 * (../shared/data/wesng/validation): their systeminfo, wmic qfe, and the Windows Update Agent's
 * list of missing updates (`*_updates.txt`) that same day.
 *
 * "A catalog as of the capture date": the documents up to 2019-Feb, minus the remediations that
 * MSRC added in later revisions of those documents (the ones held are the 2019-12 and later
 * revisions, which name e.g. the April 2019 cumulative updates as fixes of February CVEs). Which
 * KBs are later is read from the Windows 10 update-history table in shared data (tests only).
 */
let db: Database
let cleanup: () => void

function windowsFindings(name: string, date: string) {
  const result = assessHost(db, captureInventory(name), { now: new Date(`${date}T12:00:00Z`) })
  const forWindows = result.updates.filter((u) => u.product?.startsWith('Windows 10'))
  return {
    product: result.host.product,
    missing: forWindows.filter((u) => u.state === 'missing').map((u) => u.kb).sort(),
    unconfirmed: forWindows.filter((u) => u.state === 'unconfirmed').map((u) => u.kb).sort(),
    /** Missing updates of the products on Windows (Flash Player, built into Windows 10). */
    others: result.updates.filter((u) => !u.product?.startsWith('Windows 10') && u.state === 'missing').map((u) => `${u.kb ?? ''} ${u.product ?? ''}`).sort(),
    notes: result.notes,
  }
}

beforeAll(async () => {
  const temp = makeTempDir()
  cleanup = temp.cleanup
  db = openDatabase(path.join(temp.dir, 'patchlane.db'))
  const all = sharedDataPath('msrc-cvrf-all')
  const months = fs.readdirSync(all).filter((f) => /^(2018-|2019-Jan|2019-Feb)/.test(f))
  const summary = await importPaths(db, months.map((f) => path.join(all, f)))
  expect(summary.failed).toBe(0)
  const table = JSON.parse(fs.readFileSync(sharedDataPath('windows-build-kb-tables', 'datafornerds_buildnumbers.json'), 'utf8')) as { Data: Array<{ Article: string; ReleaseDate: string }> }
  const later = [...new Set(table.Data.filter((row) => row.ReleaseDate > '2019-03-06').map((row) => row.Article.replace(/^KB/, '')))]
  const ids = JSON.stringify((db.prepare(`SELECT id FROM catalog_remediations WHERE kb IN (SELECT value FROM json_each(?))`).all(JSON.stringify(later)) as Array<{ id: number }>).map((r) => r.id))
  expect(JSON.parse(ids).length).toBeGreaterThan(0)
  db.prepare(`DELETE FROM catalog_supersedence WHERE remediation_id IN (SELECT value FROM json_each(?))`).run(ids)
  db.prepare(`DELETE FROM catalog_remediation_products WHERE remediation_id IN (SELECT value FROM json_each(?))`).run(ids)
  db.prepare(`DELETE FROM catalog_remediations WHERE id IN (SELECT value FROM json_each(?))`).run(ids)
})
afterAll(() => {
  db.close()
  cleanup()
})

describe('missing security updates: Patchlane and the Windows Update Agent on the same day', () => {
  it('Windows 10 1809 (2019-03-06): no Windows update missing, as the agent said', () => {
    const name = '10_1809_x64_education_en-us_20190306'
    const ours = windowsFindings(name, '2019-03-06')
    // Flash Player too: the February Flash update (KB4487038) is installed.
    expect(ours).toMatchObject({ product: 'Windows 10 Version 1809 for x64-based Systems', missing: [], unconfirmed: [], others: [] })
    // The agent's only item is the .NET Framework cumulative update. Difference, explained:
    // systeminfo does not show the .NET Framework version, and the .NET updates it lists each
    // serve several versions, so Patchlane cannot tell which .NET product to judge, and says so
    // (the collector reads the Release value and can).
    expect(agentMissing(name)).toEqual(['KB4486553'])
    expect(ours.notes.some((n) => n.startsWith('.NET Framework updates are installed (KB4483452'))).toBe(true)
  })

  it('Windows 10 1803 without any update (2019-03-06): the February cumulative update, as the agent said', () => {
    const name = '10_1803_x64_proforworkstations_en-us_B_20190306'
    const ours = windowsFindings(name, '2019-03-06')
    const agent = agentMissing(name)
    expect(agent).toContain('KB4487017')
    expect(ours.missing).toContain('KB4487017')
    // Differences, explained:
    // - KB4487038: the February Flash Player update, both say so (Flash is built into Windows 10).
    // - KB4462930, KB4100347, KB890830 (agent): not security updates (Flash feature update, a
    //   Windows update, the Malicious Software Removal Tool).
    // - KB4465663 (Patchlane): MSRC's fix for CVE-2018-8566 on 1803 is this servicing stack
    //   update; the agent offered none that day.
    // - KB4487029 (Patchlane): MSRC's fix for advisory ADV190005 is the 2019-02-19 update, which
    //   the agent did not list.
    expect(ours.missing).toEqual(['KB4465663', 'KB4487017', 'KB4487029'])
    expect(ours.others).toEqual(['KB4487038 Adobe Flash Player on Windows 10 Version 1803 for x64-based Systems'])
    for (const kb of ['KB4487038', 'KB4462930', 'KB4100347', 'KB890830']) expect(agent).toContain(kb)
  })

  it('Windows 10 1803 with February installed (2019-03-05): only the recorded differences', () => {
    const name = '10_1803_x64_proforworkstations_en-us_A_20190305'
    const ours = windowsFindings(name, '2019-03-05')
    // The agent listed no security update (a Windows update and a Defender definition only).
    expect(agentMissing(name)).toEqual(['KB4100347', 'KB2267602'])
    // Differences, explained:
    // - KB4487029: the ADV190005 fix, as above.
    // - KB4465663: cannot be confirmed, not missing: the host has the 2019-02 updates, which need
    //   a newer servicing stack, but MSRC records no supersedence between servicing stack updates.
    expect(ours).toMatchObject({ missing: ['KB4487029'], unconfirmed: ['KB4465663'] })
  })
})
