import fs from 'node:fs'
import path from 'node:path'
import type { Database } from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assessHost } from '../../../src-main/assess/assess-host'
import { wuaAgreementLine } from '../../../src-main/assess/wua-agreement-line'
import { compareWithAgent } from '../../../src-main/assess/wua-compare'
import { importPaths } from '../../../src-main/catalog/importer'
import { kbInfo } from '../../../src-main/catalog/queries'
import type { WuaSearchResult, WuaSideBySide } from '../../../src-main/contract/schemas/wua'
import { openDatabase } from '../../../src-main/store/database'
import { sharedDataPath } from '../../helpers/shared-data'
import { makeTempDir } from '../../helpers/temp-dir'
import { captureInventory, captureSearch } from './wua-capture'

let feb: Database
let mar: Database
let cleanup: () => void

/** Imports 2018 to `last` and drops the remediations MSRC added later (see wua-agreement.test.ts). */
/**
 * KBs published after `day`. Windows 10: the update-history table's dates. Windows 7 and 8.1 /
 * Server 2012 R2 have no dated table in shared data, but vuls' lists hold their monthly rollups
 * and security-only updates in release order: everything after the last one published by `day`
 * (`after`, read from Microsoft's update history: KB4486565 and KB4486564 are Windows 7's
 * 2019-02-19 preview and 2019-02-12 security-only update; KB4489893 and KB4489883 are 8.1 / 2012
 * R2's 2019-03-19 preview and 2019-03-12 security-only update) came later.
 */
function kbsPublishedAfter(day: string, after: ReadonlyArray<{ os: string; rollup: string; securityOnly: string }>): string[] {
  const table = JSON.parse(fs.readFileSync(sharedDataPath('windows-build-kb-tables', 'datafornerds_buildnumbers.json'), 'utf8')) as { Data: Array<{ Article: string; ReleaseDate: string }> }
  const later = table.Data.filter((row) => row.ReleaseDate > day).map((row) => row.Article.replace(/^KB/, ''))
  const releases = JSON.parse(fs.readFileSync(sharedDataPath('vuls', 'vuls_windowsReleases_build_kb_map.json'), 'utf8')) as {
    windowsReleases: Record<string, Record<string, { rollup: Array<{ kb: string }>; securityOnly: string[] }>>
  }
  for (const anchor of after) {
    for (const lists of Object.values(releases.windowsReleases[anchor.os] ?? {})) {
      const rollups = lists.rollup.map((r) => r.kb)
      const tail = (list: string[], kb: string) => (list.includes(kb) ? list.slice(list.indexOf(kb) + 1) : [])
      later.push(...tail(rollups, anchor.rollup), ...tail(lists.securityOnly, anchor.securityOnly))
    }
  }
  return [...new Set(later.filter(Boolean))]
}

async function catalogAsOf(file: string, months: RegExp, day: string, after: ReadonlyArray<{ os: string; rollup: string; securityOnly: string }>): Promise<Database> {
  const db = openDatabase(file)
  const all = sharedDataPath('msrc-cvrf-all')
  const summary = await importPaths(db, fs.readdirSync(all).filter((f) => months.test(f)).map((f) => path.join(all, f)))
  expect(summary.failed).toBe(0)
  const later = kbsPublishedAfter(day, after)
  const ids = JSON.stringify((db.prepare(`SELECT id FROM catalog_remediations WHERE kb IN (SELECT value FROM json_each(?))`).all(JSON.stringify(later)) as Array<{ id: number }>).map((r) => r.id))
  db.prepare(`DELETE FROM catalog_supersedence WHERE remediation_id IN (SELECT value FROM json_each(?))`).run(ids)
  db.prepare(`DELETE FROM catalog_remediation_products WHERE remediation_id IN (SELECT value FROM json_each(?))`).run(ids)
  db.prepare(`DELETE FROM catalog_remediations WHERE id IN (SELECT value FROM json_each(?))`).run(ids)
  return db
}

function sideBySide(db: Database, name: string, search: WuaSearchResult, systeminfo?: string) {
  const assessment = assessHost(db, captureInventory(name, systeminfo), { now: new Date(search.searchedAt) })
  const catalogProductsOf = (kb: string) => [...new Set(kbInfo(db, kb).map((info) => info.productName ?? info.productId))]
  return compareWithAgent(search, assessment, { catalogProductsOf })
}

beforeAll(async () => {
  const temp = makeTempDir()
  cleanup = temp.cleanup
  feb = await catalogAsOf(path.join(temp.dir, 'feb.db'), /^(2018-|2019-Jan|2019-Feb)/, '2019-03-06', [{ os: 'Windows 7', rollup: '4486565', securityOnly: '4486564' }])
  mar = await catalogAsOf(path.join(temp.dir, 'mar.db'), /^(2018-|2019-Jan|2019-Feb|2019-Mar)/, '2019-03-20', [
    { os: 'Windows 8.1', rollup: '4489893', securityOnly: '4489883' },
    { os: 'Windows Server 2012 R2', rollup: '4489893', securityOnly: '4489883' },
  ])
}, 240_000)
afterAll(() => {
  feb?.close()
  mar?.close()
  cleanup()
})

const row = (result: WuaSideBySide, kb: string) => result.rows.find((r) => r.kb === kb)

describe('the Windows Update Agent beside Patchlane, on machines captured the same day', () => {
  it('Windows 10 1809 (2019-03-06): the agent’s only item is .NET, which the catalog does not name under that KB', () => {
    const name = '10_1809_x64_education_en-us_20190306'
    const result = sideBySide(feb, name, captureSearch(name))
    expect(result.search.source).toBe('windows-update')
    // Patchlane has no Windows update missing (wua-agreement.test.ts), so the only row is the agent's.
    expect(result.rows).toEqual([
      expect.objectContaining({ kb: 'KB4486553', agent: 'missing', patchlane: 'not-listed', agree: false, note: expect.stringMatching(/security update.*does not name this KB/) }),
    ])
    expect(result.disagreements).toBe(1)
  })

  it('Windows 10 1803 without updates (2019-03-06): both say the February cumulative update; each difference is explained', () => {
    const name = '10_1803_x64_proforworkstations_en-us_B_20190306'
    const result = sideBySide(feb, name, captureSearch(name))
    expect(row(result, 'KB4487017')).toMatchObject({ agent: 'missing', patchlane: 'missing', agree: true, note: 'Both answers: missing.' })
    // Flash Player built into Windows 10 (MSRC's product "Adobe Flash Player on Windows 10 Version 1803 …"): both missing.
    expect(row(result, 'KB4487038')).toMatchObject({ agent: 'missing', patchlane: 'missing', agree: true })
    // Not security updates: a Windows update, Flash's feature update, the Malicious Software Removal Tool.
    for (const kb of ['KB4100347', 'KB4462930', 'KB890830']) {
      expect(row(result, kb)).toMatchObject({ agent: 'missing', patchlane: 'not-listed', agree: false, note: expect.stringMatching(/^Not a security update .*catalog holds security updates only/) })
    }
    // MSRC's fixes the agent did not offer that day (the servicing stack update, the ADV190005 fix).
    for (const kb of ['KB4465663', 'KB4487029']) {
      expect(row(result, kb)).toMatchObject({ agent: 'not-listed', patchlane: 'missing', agree: false, note: expect.stringMatching(/^Patchlane: missing .*the agent did not list it\. Its update source did not offer it/) })
    }
    expect(result.rows).toHaveLength(7)
    // Counted: the two MSRC fixes; not the three non-security items.
    expect(result.disagreements).toBe(2)
    expect(result.rows.slice(0, 2).map((r) => r.kb)).toEqual(['KB4465663', 'KB4487029'])
    expect(wuaAgreementLine(result)).toBe('Windows Update Agent: 5 missing, disagrees on KB4465663, KB4487029')
  })

  it('Windows 10 1803 with February installed (2019-03-05): nothing security both ways but the ADV190005 fix', () => {
    const name = '10_1803_x64_proforworkstations_en-us_A_20190305'
    const result = sideBySide(feb, name, captureSearch(name))
    expect(row(result, 'KB2267602')).toMatchObject({ agent: 'missing', patchlane: 'not-listed', note: expect.stringMatching(/Not a security update \(the agent’s classification: Definition Updates\)/) })
    expect(row(result, 'KB4465663')).toMatchObject({ agent: 'not-listed', patchlane: 'unconfirmed', agree: false, note: expect.stringMatching(/cannot confirm.*servicing stack.*most likely installed or not needed/) })
    expect(row(result, 'KB4487029')).toMatchObject({ agent: 'not-listed', patchlane: 'missing', agree: false })
    expect(result.disagreements).toBe(1)
  })

  it('Windows 7 SP1 (2019-03-05): both say the February rollups; Office and IE 11 are products systeminfo does not show', () => {
    const name = '7_sp1_x64_enterprise_en-us_20190305'
    const result = sideBySide(feb, name, captureSearch(name))
    // The list holds Office 2016 updates, which only Microsoft Update offers.
    expect(result.search.source).toBe('microsoft-update')
    expect(row(result, 'KB4486563')).toMatchObject({ agent: 'missing', patchlane: 'missing', agree: true })
    // The .NET Framework rollup: Patchlane maps .NET on Windows 7 too; both missing.
    expect(row(result, 'KB4487078')).toMatchObject({ agent: 'missing', patchlane: 'missing', agree: true })
    // 35 language packs share one KB: one row.
    expect(row(result, 'KB2483139')).toMatchObject({ title: expect.stringMatching(/and 33 more under the same KB/), note: expect.stringMatching(/^Not a security update/) })
    for (const kb of ['KB4461532', 'KB4462115', 'KB4483187']) {
      expect(row(result, kb)).toMatchObject({ patchlane: 'not-listed', agree: false, note: expect.stringMatching(/catalog lists for .*(Office|PowerPoint|Excel|Internet Explorer).*did not find on this host/) })
    }
    // KB3109560 (2015) is older than the imported months.
    expect(row(result, 'KB3109560')?.note).toMatch(/does not name this KB.*months that carry it are not imported/)
    // The previews and the Office non-security updates are not counted.
    expect(row(result, 'KB4486565')).toMatchObject({ agree: false, note: expect.stringMatching(/^Not a security update/) })
    const counted = result.rows.filter((r) => !r.agree && !/^Not a security update/.test(r.note))
    expect(result.disagreements).toBe(counted.length)
    // Office 2016 (7 security updates), IE 11 and KB3109560: nine KBs Patchlane could not judge.
    expect(result.disagreements).toBe(9)
    // No Windows 7 rollup or security-only update is missing by one answer only.
    expect(result.rows.filter((r) => r.patchlane === 'missing' && r.agent === 'not-listed')).toEqual([])
  })

  it('Server 2012 R2 (2019-03-20): an optional-updates search cannot disagree with what it did not ask for', () => {
    const search = captureSearch('srv_2012r2_u1', { suffix: 'updates_optional', searchedAt: '2019-03-20T22:00:00.000Z' })
    expect(search.criteria).toMatch(/BrowseOnly=1/)
    const result = sideBySide(mar, 'srv_2012r2_u1', search)
    expect(row(result, 'KB4489893')).toMatchObject({ agent: 'missing', patchlane: 'not-listed', note: expect.stringMatching(/^Not a security update/) })
    // What Patchlane finds missing (KB4338831: MSRC names this July 2018 rollup for a January 2018
    // CVE and records no supersedence that covers it) the optional search could not list.
    // Whatever Patchlane finds missing, the optional search could not list it: explained, not counted.
    for (const r of result.rows.filter((x) => x.agent === 'not-listed' && x.patchlane === 'missing')) expect(r.note).toMatch(/optional updates only/)
    // The March rollup (2019-03-12) is installed: Patchlane finds no rollup missing.
    expect(result.rows.filter((r) => r.patchlane === 'missing' && /^KB44/.test(r.kb))).toEqual([])
    expect(result.disagreements).toBe(0)
    expect(wuaAgreementLine(result)).toBe('Windows Update Agent: 1 missing, agrees')
  })

  it('says where a WSUS or offline answer comes from, and compares nothing when the search failed', () => {
    const name = '10_1803_x64_proforworkstations_en-us_B_20190306'
    const agent = captureSearch(name)
    const wsus = sideBySide(feb, name, { ...agent, source: 'wsus', serverUrl: 'http://wsus.corp.example:8530' })
    expect(row(wsus, 'KB4487029')?.note).toMatch(/asked WSUS \(http:\/\/wsus\.corp\.example:8530\), which offers only the updates an administrator approved/)
    const offline = sideBySide(feb, name, { ...agent, mode: 'offline', source: 'offline-cab' })
    expect(row(offline, 'KB4487029')?.note).toMatch(/wsusscn2\.cab, which may be older than the catalog/)
    const optional = sideBySide(feb, name, { ...agent, criteria: `${agent.criteria} and BrowseOnly=1` })
    expect(row(optional, 'KB4487029')?.note).toMatch(/asked for optional updates only \(.*BrowseOnly=1\), so it could not list it/)
    expect(optional.disagreements).toBe(0) // the two MSRC fixes are explained by the search
    const failed = sideBySide(feb, name, { ...agent, missing: [], error: { hresult: '0x80240438', message: 'There is no route or network connectivity to the endpoint.' } })
    expect(failed).toMatchObject({ rows: [], disagreements: 0, search: { error: { hresult: '0x80240438' } } })
  })

  it('agrees when the agent offers an older rollup that the newest one Patchlane recommends replaces', () => {
    const name = '7_sp1_x64_enterprise_en-us_20190305'
    const agent = captureSearch(name)
    const assessment = assessHost(feb, captureInventory(name), { now: new Date(agent.searchedAt) })
    // The agent's January rollup (KB4480970) beside Patchlane's verdict: superseded by February's, which is missing.
    const older = { ...agent.missing[0], kb: 'KB4480970', title: '2019-01 Security Monthly Quality Rollup for Windows 7 for x64-based Systems (KB4480970)', categories: ['Security Updates'] } as WuaSearchResult['missing'][number]
    const finding = assessment.updates.find((u) => u.kb === 'KB4480970')
    expect(finding).toMatchObject({ state: 'superseded', supersededBy: 'KB4486563' })
    const withOlder = compareWithAgent({ ...agent, missing: [...agent.missing, older] }, assessment)
    expect(row(withOlder, 'KB4480970')).toMatchObject({ patchlane: 'superseded', agree: true, note: expect.stringMatching(/recommends only KB4486563, which replaces it \(which the agent also lists\)/) })
    expect(withOlder.disagreements).toBe(sideBySide(feb, name, agent).disagreements)
  })
  it('explains the other verdicts: installed awaiting a restart, installed, and an update without a KB', () => {
    const name = '10_1803_x64_proforworkstations_en-us_B_20190306'
    const agent = captureSearch(name)
    const assessment = assessHost(feb, captureInventory(name), { now: new Date(agent.searchedAt) })
    // The same host after installing February's cumulative update without restarting …
    const restarting = { ...assessment, updates: assessment.updates.map((u) => (u.kb === 'KB4487017' ? { ...u, state: 'pending-reboot' as const } : u)) }
    expect(row(compareWithAgent(agent, restarting), 'KB4487017')).toMatchObject({ patchlane: 'pending-reboot', agree: true, note: expect.stringMatching(/not in effect yet/) })
    // … and, had Patchlane judged it installed while the agent still lists it, a counted disagreement.
    const installed = { ...assessment, updates: assessment.updates.map((u) => (u.kb === 'KB4487017' ? { ...u, state: 'installed' as const } : u)) }
    const contradiction = compareWithAgent(agent, installed)
    expect(row(contradiction, 'KB4487017')).toMatchObject({ patchlane: 'installed', agree: false, note: expect.stringMatching(/^Patchlane: installed .*still lists it as missing/) })
    expect(contradiction.disagreements).toBe(sideBySide(feb, name, agent).disagreements + 1)
    // A driver names no KB: shown, never counted.
    const driver = { kb: null, title: 'Intel - System - 10.1.1.44', updateId: null, severity: null, categories: ['Drivers'], cves: [], isDownloaded: false }
    const withDriver = compareWithAgent({ ...agent, missing: [...agent.missing, driver] }, assessment)
    expect(row(withDriver, '(no KB)')).toMatchObject({ title: driver.title, agree: false, note: expect.stringMatching(/names no KB/) })
    expect(withDriver.disagreements).toBe(compareWithAgent(agent, assessment).disagreements)
  })
})
