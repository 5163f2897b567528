import type { CatalogProductRow } from '../catalog/queries'
import { productsByNormalisedName } from '../catalog/queries'
import type { HostInventory, InstalledProduct } from '../contract/schemas/inventory'
import type { CatalogCache } from './catalog-cache'

/** A product that runs on the host besides Windows, found in the catalog, and how to judge it. */
export interface ComponentProduct {
  readonly row: CatalogProductRow
  /** Judge by this installed version against MSRC's fixed versions (Edge). */
  readonly version: string | null
  /** Judge nothing, and say why: the data cannot decide (Office). */
  readonly unconfirmed: string | null
  /** How the product was found on the host, for the notes. */
  readonly how: string
}

interface DotNetProduct {
  readonly row: CatalogProductRow
  /** `4.6/4.6.1/4.7.2` → ['4.6', '4.6.1', '4.7.2']; `3.5 AND 4.8` → ['3.5', '4.8']. */
  readonly versions: readonly string[]
}

/** The catalog's products of each Windows product, read once per catalog cache. */
interface OnWindows {
  readonly dotNet: readonly DotNetProduct[]
  readonly flash: CatalogProductRow | null
  /** `KB…` of the Flash Player updates for this Windows. */
  readonly flashKbs: ReadonlySet<string>
  /** `KB…` → the .NET products on this Windows that list it. */
  readonly dotNetOfKb: ReadonlyMap<string, readonly DotNetProduct[]>
}

const known = new WeakMap<CatalogCache, Map<string, OnWindows>>()
const EDGE = 'Microsoft Edge (Chromium-based)'

function onWindows(catalog: CatalogCache, windows: CatalogProductRow): OnWindows {
  let byWindows = known.get(catalog)
  if (!byWindows) known.set(catalog, (byWindows = new Map()))
  let found = byWindows.get(windows.productId)
  if (found) return found
  // MSRC names these "<component> on <Windows product>", with the Windows name as spelled there.
  const rows = catalog.db
    .prepare(`SELECT product_id AS productId, name, normalised_name AS normalisedName, family, cpe FROM catalog_products WHERE substr(normalised_name, -length(?)) = ?`)
    .all(` on ${windows.normalisedName}`, ` on ${windows.normalisedName}`) as CatalogProductRow[]
  const dotNet = rows.flatMap((row): DotNetProduct[] => {
    const match = /^microsoft \.net framework (.+?) on /.exec(row.normalisedName)
    return match?.[1] ? [{ row, versions: match[1].split(/\s*(?:\/|,|\band\b)\s*/).filter((v) => /^\d/.test(v)) }] : []
  })
  // Only the KBs: loading every .NET product's fixes for this would keep them all in the cache.
  const flash = rows.find((row) => row.normalisedName.startsWith('adobe flash player on ')) ?? null
  const kbRows = catalog.db
    .prepare(
      `SELECT DISTINCT r.kb AS kb, rp.product_id AS productId FROM catalog_remediation_products rp JOIN catalog_remediations r ON r.id = rp.remediation_id
       WHERE rp.product_id IN (SELECT value FROM json_each(?)) AND r.kb IS NOT NULL AND r.kb <> ''`,
    )
    .all(JSON.stringify([...dotNet.map((p) => p.row.productId), ...(flash ? [flash.productId] : [])])) as Array<{ kb: string; productId: string }>
  const dotNetOfKb = new Map<string, DotNetProduct[]>()
  const flashKbs = new Set<string>()
  for (const { kb, productId } of kbRows) {
    if (productId === flash?.productId) flashKbs.add(`KB${kb}`)
    const product = dotNet.find((p) => p.row.productId === productId)
    if (product) dotNetOfKb.set(`KB${kb}`, [...(dotNetOfKb.get(`KB${kb}`) ?? []), product])
  }
  found = { dotNet, flash, flashKbs, dotNetOfKb }
  byWindows.set(windows.productId, found)
  return found
}

/** MSRC's Office product for an installed Office name, and whether MSRC gives fixed versions for it. */
function officeProduct(product: InstalledProduct): { names: string[]; clickToRun: boolean } | null {
  const name = product.name
  const bits = /64-bit|x64/i.test(name) ? ['64'] : /32-bit|x86/i.test(name) ? ['32'] : ['32', '64']
  const each = (make: (b: string) => string) => bits.map(make)
  if (/\b365\b/.test(name)) return { names: each((b) => `Microsoft 365 Apps for Enterprise for ${b}-bit Systems`), clickToRun: true }
  if (/\b2024\b/.test(name)) return { names: each((b) => `Microsoft Office LTSC 2024 for ${b}-bit editions`), clickToRun: true }
  if (/\b2021\b/.test(name)) return { names: each((b) => `Microsoft Office LTSC 2021 for ${b}-bit editions`), clickToRun: true }
  if (/\b2019\b/.test(name)) return { names: each((b) => `Microsoft Office 2019 for ${b}-bit editions`), clickToRun: true }
  if (/\b2016\b/.test(name)) return { names: each((b) => `Microsoft Office 2016 (${b}-bit edition)`), clickToRun: false }
  if (/\b2013\b/.test(name)) return { names: each((b) => `Microsoft Office 2013 Service Pack 1 (${b}-bit editions)`), clickToRun: false }
  if (/\b2010\b/.test(name)) return { names: each((b) => `Microsoft Office 2010 Service Pack 2 (${b}-bit editions)`), clickToRun: false }
  return null
}

/**
 * The products besides Windows that MSRC covers and the host runs:
 * - .NET Framework: from the collector's Release value (the 4.x version), and from the update
 *   list: an installed KB that the catalog gives for one .NET product on this Windows only (a
 *   rollup listed for several versions cannot tell which one is there);
 * - Adobe Flash Player, built into Windows 8.1 / 10 / Server 2016 and 2019, when the catalog has it for this Windows;
 * - Microsoft Edge (Chromium-based) at the collector's version;
 * - Office, from the collector's installed programs: named, but judged "cannot be confirmed".
 */
export function componentProducts(catalog: CatalogCache, windows: CatalogProductRow, inventory: HostInventory): { products: ComponentProduct[]; notes: string[] } {
  const products: ComponentProduct[] = []
  const notes: string[] = []
  const on = onWindows(catalog, windows)
  const installed = inventory.products ?? []

  const dotNet = new Map<string, ComponentProduct>()
  const version = installed.find((p) => p.kind === 'dotnet-framework')?.version ?? null
  if (version) {
    for (const p of on.dotNet) if (p.versions.includes(version)) dotNet.set(p.row.productId, { row: p.row, version: null, unconfirmed: null, how: `.NET Framework ${version} (the Release value read by the collector)` })
  }
  const ambiguous = new Set<string>()
  for (const update of inventory.updates) {
    const listed = update.kb ? on.dotNetOfKb.get(update.kb) : undefined
    if (!listed || !update.kb) continue
    const only = listed.length === 1 ? listed[0] : undefined
    if (only && !dotNet.has(only.row.productId)) dotNet.set(only.row.productId, { row: only.row, version: null, unconfirmed: null, how: `${update.kb} is installed, an update for ${only.row.name} only` })
    else if (!only) ambiguous.add(update.kb)
  }
  products.push(...dotNet.values())
  if (!version && ambiguous.size > 0 && dotNet.size === 0) {
    notes.push(`.NET Framework updates are installed (${[...ambiguous].slice(0, 3).join(', ')}), but each serves several .NET versions, so the version cannot be told from the update list; scan the host (the collector reads it) to assess .NET Framework.`)
  }
  for (const p of dotNet.values()) notes.push(`${p.row.name}: ${p.how}.`)

  if (on.flash) {
    // Built into client Windows (8.1, 10); on a server only with the Desktop Experience, so there an installed Flash update is the evidence.
    const evidence = inventory.updates.find((u) => u.kb && on.flashKbs.has(u.kb))?.kb
    const client = inventory.os?.installationType === 'client'
    if (client || evidence) products.push({ row: on.flash, version: null, unconfirmed: null, how: evidence ? `${evidence}, a Flash Player update, is installed` : 'built into this Windows' })
    else notes.push(`${on.flash.name}: not assessed — on a server Flash Player comes with the Desktop Experience, and no Flash Player update is installed.`)
  }

  const edge = installed.find((p) => p.kind === 'edge')
  const edgeRow = edge?.version ? productsByNormalisedName(catalog.db, EDGE)[0] : undefined
  if (edge?.version && edgeRow) products.push({ row: edgeRow, version: edge.version, unconfirmed: null, how: `Edge ${edge.version}` })

  for (const product of installed.filter((p) => p.kind === 'office')) {
    const office = officeProduct(product)
    const row = office?.names.map((n) => productsByNormalisedName(catalog.db, n)[0]).find((r) => r !== undefined)
    if (!office || !row) {
      notes.push(`${product.name} is not an Office product Patchlane maps to MSRC's names; it is not assessed.`)
      continue
    }
    const unconfirmed = office.clickToRun
      ? `MSRC gives no fixed version for ${row.name} (it points to https://aka.ms/OfficeSecurityReleases): compare the installed version ${product.version ?? '(unknown)'} with Microsoft's Office release history.`
      : `Office updates are Windows Installer patches, which the inventory does not list (they are not Windows hotfixes): which security updates for ${row.name} are installed cannot be told.`
    products.push({ row, version: null, unconfirmed, how: product.name })
  }
  return { products, notes }
}
