import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assessHost } from '../../../src-main/assess/assess-host'
import type { HostAssessment } from '../../../src-main/contract/schemas/assessment'
import { makeTempDir } from '../../helpers/temp-dir'
import { openAsOfCatalog, readReleases, type AsOfCatalog, type Releases } from './as-of-catalog'
import { agentList, captureInventory } from './wua-captures'

/**
 * Patchlane against Microsoft's own agent on monthly-rollup Windows: a Windows 7 SP1 machine
 * (2019-03-05) and a Server 2012 R2 machine (2019-03-20), from ../shared/data/wesng/validation.
 *
 * "A catalog as of the capture date" without an update-history table: the months released by
 * then, minus the KBs MSRC added to them in later revisions, each KB dated by the document it was
 * released with (the one where it fixes the most CVEs; see as-of-catalog.ts). Every difference
 * with the agent is classified from the data, not listed by hand: a KB the catalog does not know
 * (not a security update, or one older than MSRC's CVRF data, which starts in 2016), or a KB for
 * a product systeminfo does not show (Office, Internet Explorer, Silverlight).
 */
let releases: Releases
const temps: Array<() => void> = []
const catalogs: AsOfCatalog[] = []

async function asOf(months: RegExp, lastMonth: string): Promise<AsOfCatalog> {
  const temp = makeTempDir()
  temps.push(temp.cleanup)
  const catalog = await openAsOfCatalog({ dir: temp.dir, months, lastMonth, releases })
  catalogs.push(catalog)
  return catalog
}

/** The catalog's product names for a KB (digits or `KB…`): empty when the catalog does not know it. */
function productsOfKb(catalog: AsOfCatalog, kb: string): string[] {
  const rows = catalog.db
    .prepare(
      `SELECT DISTINCT p.name FROM catalog_remediations r JOIN catalog_remediation_products rp ON rp.remediation_id = r.id
       JOIN catalog_products p ON p.product_id = rp.product_id WHERE r.kb = ?`,
    )
    .all(kb.replace(/^KB/, '')) as Array<{ name: string }>
  return rows.map((r) => r.name)
}

function byState(result: HostAssessment, product: string, state: string): string[] {
  return result.updates.filter((u) => u.product === product && u.state === state).map((u) => u.kb ?? '').sort()
}

beforeAll(async () => {
  // Release months are read from every month MSRC published since 2018, so that a KB of 2024
  // added to a 2018 CVE is dated 2024, not 2018.
  releases = await readReleases(/^20(1[89]|2[0-6])-/)
}, 180_000)
afterAll(() => {
  for (const catalog of catalogs) catalog.close()
  for (const cleanup of temps) cleanup()
})

describe('missing security updates on monthly-rollup Windows: Patchlane and the Windows Update Agent', () => {
  it('Windows 7 SP1 x64 (2019-03-05): the February monthly and .NET rollups, as the agent said; the other differences are products systeminfo does not show', async () => {
    const catalog = await asOf(/^(2018-|2019-Jan|2019-Feb)/, '2019-Feb')
    // The as-of method at work: the March 2019 rollup, which MSRC later added to a February CVE, is not in this catalog.
    expect(releases.get('4489878')?.month).toBe('2019-Mar')
    expect(catalog.dropped.has('4489878')).toBe(true)

    const name = '7_sp1_x64_enterprise_en-us_20190305'
    const result = assessHost(catalog.db, captureInventory(name), { now: new Date('2019-03-05T12:00:00Z') })
    const windows = 'Windows 7 for x64-based Systems Service Pack 1'
    expect(result.host.product).toBe(windows)
    const ours = byState(result, windows, 'missing')
    const agent = agentList(`${name}_updates.txt`)
    // One update to install, the newest monthly rollup; the older rollups it replaces are superseded, not missing.
    expect(ours).toEqual(['KB4486563'])
    expect(byState(result, windows, 'unconfirmed')).toEqual([])
    expect(byState(result, windows, 'superseded').length).toBeGreaterThan(0)

    // Agreement: every KB the agent listed that the catalog gives for this host's Windows, Patchlane lists too.
    const agentForWindows = agent.filter((u) => productsOfKb(catalog, u.kb).includes(windows)).map((u) => u.kb)
    expect(agentForWindows).toEqual(['KB4486563'])
    // Not the security-only twin of the same month (KB4486564): the agent offers the rollup, and so does Patchlane.
    expect(agent.map((u) => u.kb)).not.toContain('KB4486564')

    // .NET Framework: systeminfo shows no version, but an installed update for 3.5.1 only
    // (KB4095874) shows 3.5.1 is there; its missing update is the February rollup, as the agent said.
    const dotNet = 'Microsoft .NET Framework 3.5.1 on Windows 7 for x64-based Systems Service Pack 1'
    expect(result.notes.some((n) => n.startsWith(`${dotNet}: KB4095874 is installed`))).toBe(true)
    expect(byState(result, dotNet, 'missing')).toEqual(['KB4487078'])

    // Agreement over every product Patchlane assessed: the same KBs, both ways.
    const mapped = new Set(result.updates.map((u) => u.product))
    const oursAll = result.updates.filter((u) => u.state === 'missing').map((u) => u.kb ?? '').sort()
    const agentForMapped = agent.filter((u) => productsOfKb(catalog, u.kb).some((p) => mapped.has(p))).map((u) => u.kb).sort()
    expect(oursAll).toEqual(agentForMapped)
    expect(oursAll).toEqual(['KB4486563', 'KB4487078'])

    // Every other agent item, classified from the catalog:
    const unknown = agent.filter((u) => productsOfKb(catalog, u.kb).length === 0)
    const otherProducts = agent.filter((u) => {
      const products = productsOfKb(catalog, u.kb)
      return products.length > 0 && !products.some((p) => mapped.has(p))
    })
    // - Not in MSRC's catalog at all: language packs, non-security updates, the Malicious Software
    //   Removal Tool, definition updates, preview rollups, and KB3109560, a 2015 security update
    //   (MSRC's CVRF data starts in 2016).
    expect(unknown.length + otherProducts.length + agentForMapped.length).toBe(agent.length)
    expect(unknown.map((u) => u.kb)).toEqual(expect.arrayContaining(['KB3109560', 'KB890830', 'KB4486565', 'KB2483139']))
    expect(unknown.filter((u) => /^Security Update/.test(u.title)).map((u) => u.kb)).toEqual(['KB3109560'])
    // - Products systeminfo does not show, so Patchlane maps none of them on this capture: Office
    //   2016, Internet Explorer 11, Silverlight. The collector reads Office (named, but judged
    //   "cannot be confirmed": its updates are not Windows hotfixes); systeminfo has no program list.
    const families = new Set(otherProducts.flatMap((u) => productsOfKb(catalog, u.kb)).map((p) => /Office|Word|Excel|Outlook|PowerPoint|Silverlight|Internet Explorer/.exec(p)?.[0] ?? p))
    for (const family of families) expect(['Excel', 'Internet Explorer', 'Office', 'Outlook', 'PowerPoint', 'Silverlight', 'Word']).toContain(family)
    expect(families).toContain('Internet Explorer')
    expect(families).toContain('Office')
  }, 120_000)

  it('Server 2012 R2 (2019-03-20): nothing missing; its agent file lists one optional preview rollup only', async () => {
    const catalog = await asOf(/^(2018-|2019-Jan|2019-Feb|2019-Mar)/, '2019-Mar')
    const name = 'srv_2012r2_u1'
    const inventory = captureInventory(name)
    const result = assessHost(catalog.db, inventory, { now: new Date('2019-03-20T12:00:00Z') })
    const windows = 'Windows Server 2012 R2'
    expect(result.host.product).toBe(windows)
    // The host has the March 2019 monthly rollup, the newest the catalog knows for it.
    expect(inventory.updates.map((u) => u.kb)).toContain('KB4489881')
    expect(releases.get('4489881')?.month).toBe('2019-Mar')
    expect(byState(result, windows, 'missing')).toEqual([])
    // Nor on the products on it: no Flash Player update is installed, and on a server Flash comes
    // only with the Desktop Experience, so Flash is not assessed; the .NET rollup it has serves
    // several .NET versions, so which one is there cannot be told. Both are said, not guessed.
    expect(result.updates.filter((u) => u.product !== windows && u.state === 'missing')).toEqual([])
    expect(result.notes.some((n) => n.startsWith('Adobe Flash Player on Windows Server 2012 R2: not assessed'))).toBe(true)
    expect(result.notes.some((n) => n.startsWith('.NET Framework updates are installed (KB4483450)'))).toBe(true)

    // What the agent's file can prove. It is named "updates_optional" and holds one line: the
    // 2019-03 preview of the April rollup, an optional non-security update the catalog does not
    // know. If it is the agent's whole answer, no security update was missing, as Patchlane says;
    // if it lists optional updates only, it proves nothing about security updates, and the
    // agreement rests on the installed March rollup alone.
    const agent = agentList(`${name}_updates_optional.txt`)
    expect(agent.map((u) => u.kb)).toEqual(['KB4489893'])
    expect(agent[0]?.title).toMatch(/Preview of Monthly Quality Rollup/)
    expect(productsOfKb(catalog, 'KB4489893')).toEqual([])

    // The preview rollup of July 2018 (KB4338831) is the only fix today's ADV180002 lists for this
    // product besides later KBs: MSRC's supersedence does not link preview rollups, and Patchlane
    // counts it installed because every later monthly rollup contains it.
    const adv = result.updates.find((u) => u.kb === 'KB4338831')
    expect(adv?.state).toBe('installed')
    expect(adv?.reason).toMatch(/preview rollup KB4338831 is contained in the monthly rollups after KB4338815/)

    // One difference, explained: ADV990001 is MSRC's rolling "latest servicing stack updates"
    // advisory; its current revision names a 2024 servicing stack update (KB5044410) for this
    // product, on no other document, so its release cannot be dated from the documents. Patchlane
    // says it cannot be confirmed — not missing — because the host's build revision is unknown.
    const unconfirmed = result.updates.filter((u) => u.product === windows && u.state === 'unconfirmed')
    expect(unconfirmed.map((u) => u.kb)).toEqual(['KB5044410'])
    expect(unconfirmed[0]?.cves).toEqual(['ADV990001'])
  }, 120_000)
})
