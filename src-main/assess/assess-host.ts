import type { Database } from 'better-sqlite3'
import type { HostAssessment, MitigationNote, UpdateFinding, VulnerabilityFinding } from '../contract/schemas/assessment'
import type { HostInventory } from '../contract/schemas/inventory'
import { normaliseProductName } from '../catalog/normalise'
import { productById, productsByNormalisedName, type CatalogProductRow } from '../catalog/queries'
import type { MsrcProduct } from '../inventory/msrc-windows-products'
import { mapToMsrcProducts } from '../inventory/product-mapping'
import { CatalogCache } from './catalog-cache'
import { componentProducts } from './component-products'
import { evaluateProduct, type ProductEvaluation } from './evaluate-product'
import { evaluateByVersion } from './evaluate-version'
import { hostBuild, type HostBuild } from './host-build'
import { KbEvidence } from './kb-evidence'
import { evaluateMitigations, type MitigationIndex } from './mitigations/evaluate-rules'
import { summarise, sortUpdates, sortVulnerabilities } from './priority'

/** Microsoft Edge (Chromium-based): judged by its version among the products on Windows. */
const EDGE_PRODUCT_ID = '11655'

/** The build of a product judged by KB alone (.NET, Flash): none of its fixes is on a Windows build line. */
const NO_BUILD: HostBuild = { line: null, full: null, source: 'unknown', reason: 'judged by installed KBs' }

export interface AssessOptions {
  readonly now: Date
  /** Mitigating-factor rules, indexed once per run. */
  readonly mitigations?: MitigationIndex | null
  /** Share one across the hosts of a run; a fresh one is made when absent. */
  readonly catalog?: CatalogCache
}

/**
 * Judges one host against the catalog in the store: the products it runs, its build, every fix
 * the catalog lists for them, mitigating factors found on it. Pure reads; nothing is written.
 */
export function assessHost(db: Database, inventory: HostInventory, options: AssessOptions): HostAssessment {
  const catalog = options.catalog ?? new CatalogCache(db)
  const mapping = mapToMsrcProducts(inventory)
  const notes: string[] = [...mapping.notes]
  const evidence = new KbEvidence(catalog, new Set(inventory.updates.flatMap((u) => (u.kb ? [u.kb] : []))))
  if (!inventory.updatesComplete) notes.push('The update list is incomplete (systeminfo stops listing after about 245 entries): add the host’s wmic qfe list, or scan it, before trusting “missing”.')
  const newestInstall = inventory.updates.reduce<string | null>((max, u) => (u.installedOn && (!max || u.installedOn > max) ? u.installedOn : max), null)

  const updates: UpdateFinding[] = []
  const vulnerabilities: VulnerabilityFinding[] = []
  let primary: { name: string; build: ReturnType<typeof hostBuild> } | null = null

  /** Judges one product's fixes and adds its findings. */
  const judge = (row: CatalogProductRow, result: ProductEvaluation): void => {
    notes.push(...result.notes)
    if (result.notes.some((note) => note.includes('newer than the newest fix'))) {
      updates.push(unconfirmedProduct(row.name, result.notes.find((note) => note.includes('newer than the newest fix')) ?? ''))
    }
    updates.push(...result.updates)
    catalog.prefetch(result.cves.filter((o) => o.state !== 'fixed').map((o) => o.cve))
    for (const outcome of result.cves) {
      if (outcome.state === 'fixed') continue
      const facts = catalog.cve(outcome.cve)
      const mitigation: MitigationNote[] = []
      const mitigationUnconfirmed: MitigationNote[] = []
      if (options.mitigations) addMitigations(options.mitigations, inventory, outcome.cve, facts.tag, mitigation, mitigationUnconfirmed)
      vulnerabilities.push({
        cve: outcome.cve,
        title: facts.title,
        product: row.name,
        state: mitigation.length > 0 ? 'mitigated' : 'exposed',
        kb: outcome.fix.kb ? `KB${outcome.fix.kb}` : null,
        severity: severityOf(outcome.fix.severity),
        impact: outcome.fix.impact,
        exploited: outcome.fix.exploited,
        publiclyDisclosed: outcome.fix.publiclyDisclosed,
        kev: outcome.fix.kev,
        cvss: outcome.fix.baseScore,
        releaseDate: outcome.fix.releaseDate,
        reason: outcome.reason,
        mitigation,
        mitigationUnconfirmed,
      })
    }
  }
  const context = (row: CatalogProductRow, build: HostBuild) => ({ productId: row.productId, productName: row.name, build, evidence, pendingReboot: inventory.pendingReboot, newestInstall })

  // Windows itself; the products on it (.NET, Flash, Edge, Office) are found in the catalog below.
  let windowsRow: CatalogProductRow | null = null
  for (const product of mapping.products.filter((p) => p.productId !== EDGE_PRODUCT_ID)) {
    const row = resolveProduct(db, product)
    if (!row) {
      updates.push(unconfirmedProduct(product.name, `${product.name} is not in the catalog: import the months that cover it (the catalog holds no fix for it).`))
      continue
    }
    const build = hostBuild(catalog, inventory, row.productId)
    primary ??= { name: row.name, build }
    windowsRow ??= row
    judge(row, evaluateProduct(catalog.fixes(row.productId), context(row, build)))
  }
  if (windowsRow) {
    const components = componentProducts(catalog, windowsRow, inventory)
    notes.push(...components.notes)
    for (const component of components.products) {
      if (component.unconfirmed) updates.push(unconfirmedProduct(component.row.name, component.unconfirmed))
      else if (component.version) judge(component.row, evaluateByVersion(catalog.fixes(component.row.productId), component.row.name, component.row.productId, component.version))
      // Judged by KB: their fixes carry no build of the host's Windows.
      else judge(component.row, evaluateProduct(catalog.fixes(component.row.productId), { ...context(component.row, NO_BUILD), replacesWhole: component.row.normalisedName.startsWith('adobe flash player') }))
    }
  }

  const build = primary?.build ?? hostBuild(catalog, inventory, null)
  const sortedUpdates = sortUpdates(updates)
  const sortedVulns = sortVulnerabilities(vulnerabilities)
  return {
    host: {
      name: inventory.computerName,
      product: primary?.name ?? mapping.products[0]?.name ?? null,
      build: build.full ?? build.line,
      buildSource: build.source,
      buildReason: build.reason,
    },
    catalog: { asOf: catalog.asOf() },
    assessedAt: options.now.toISOString(),
    updates: sortedUpdates,
    vulnerabilities: sortedVulns,
    notes: [...new Set(notes)],
    summary: summarise(sortedUpdates, sortedVulns, options.now),
  }
}

/** The catalog's row for a mapped product: by ProductID, else by any of its spellings. */
function resolveProduct(db: Database, product: MsrcProduct): CatalogProductRow | null {
  const byId = productById(db, product.productId)
  const spellings = [product.name, ...product.aliases].map(normaliseProductName)
  if (byId && spellings.includes(byId.normalisedName)) return byId
  for (const spelling of [product.name, ...product.aliases]) {
    const [found] = productsByNormalisedName(db, spelling)
    if (found) return found
  }
  return byId
}

function unconfirmedProduct(product: string, reason: string): UpdateFinding {
  return { kb: null, product, productId: null, state: 'unconfirmed', fixedBuild: null, releaseDate: null, cves: [], severity: null, exploited: false, kev: false, supersededBy: null, restartRequired: null, reason }
}

/**
 * The rules that mitigate a CVE on the host, and those that would but cannot be checked on it
 * (MBSA's "cannot be confirmed"): their condition is unknown because the inventory lacks what it
 * tests, and `because` says what. A rule whose condition fails is neither.
 */
function addMitigations(index: MitigationIndex, inventory: HostInventory, cve: string, tag: string | null, mitigation: MitigationNote[], mitigationUnconfirmed: MitigationNote[]): void {
  if (!index.matches(cve, tag)) return
  for (const finding of evaluateMitigations(index, inventory, { cve, componentTag: tag })) {
    if (finding.status === 'not-mitigated') continue
    const note = { ruleId: finding.ruleId, text: finding.mitigation, source: `${finding.source.title} (${finding.source.url})`, because: finding.explanation.reason }
    ;(finding.status === 'mitigated' ? mitigation : mitigationUnconfirmed).push(note)
  }
}

function severityOf(text: string | null): VulnerabilityFinding['severity'] {
  return text === 'Critical' || text === 'Important' || text === 'Moderate' || text === 'Low' ? text : null
}
