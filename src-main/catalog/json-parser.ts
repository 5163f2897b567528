import { z } from 'zod'
import { CoreError } from '../errors'
import type { CatalogDocument, CatalogProduct, CatalogVulnerability, RemediationType } from './model'
import { normaliseDate } from './normalise'
import { VulnerabilityBuilder } from './vulnerability-builder'

/*
 * The MSRC API's JSON form of a CVRF document (`Accept: application/json`). Enumerations arrive
 * as numbers (the C# enum ordinals) where the XML has names; names are accepted too.
 * Threat types 0/1/3 and remediation types 0/1/2 are the ones Microsoft's own PowerShell module
 * relies on; the other ordinals follow CVRF 1.1's order plus Microsoft's additions.
 */
const THREAT_TYPES: Record<number, string> = { 0: 'Impact', 1: 'Exploit Status', 2: 'Target Set', 3: 'Severity' }
const REMEDIATION_TYPES: Record<number, RemediationType> = {
  0: 'Workaround',
  1: 'Mitigation',
  2: 'Vendor Fix',
  3: 'Release Notes',
  4: 'Will Not Fix',
  5: 'Known Issue',
  6: 'Known Issue',
}
const NOTE_TYPES: Record<number, string> = { 0: 'General', 1: 'Details', 2: 'Description', 3: 'Summary', 4: 'FAQ', 5: 'Legal Disclaimer', 6: 'Other', 7: 'Tag', 8: 'CNA' }

/** `VendorFix` / `Vendor Fix` / 2 → `Vendor Fix`. */
function enumName(value: unknown, table: Record<number, string>): string | null {
  if (typeof value === 'number') return table[value] ?? `Type ${value}`
  if (typeof value !== 'string' || value === '') return null
  if (/^\d+$/.test(value)) return table[Number(value)] ?? `Type ${value}`
  const spaced = value.replace(/([a-z])([A-Z])/g, '$1 $2')
  return Object.values(table).find((name) => name.toLowerCase() === spaced.toLowerCase()) ?? spaced
}

const Text = z.union([z.string(), z.object({ Value: z.string().nullish() }).loose()]).nullish()
const Ids = z.union([z.array(z.union([z.string(), z.number()])), z.string(), z.number()]).nullish()
const Enum = z.union([z.number(), z.string()]).nullish()
const Num = z.union([z.number(), z.string()]).nullish()

const JsonBranch: z.ZodType<{ Name?: string | null; Type?: unknown; Items?: unknown[] | null; FullProductName?: unknown; ProductID?: unknown; Value?: unknown }> = z
  .object({ Name: z.string().nullish(), Type: Enum, Items: z.array(z.unknown()).nullish() })
  .loose()

const JsonDocument = z
  .object({
    DocumentTitle: Text,
    DocumentType: Text,
    DocumentTracking: z
      .object({
        Identification: z.object({ ID: Text, Alias: Text }).loose(),
        RevisionHistory: z.array(z.object({ Number: Num }).loose()).nullish(),
        InitialReleaseDate: z.string().nullish(),
        CurrentReleaseDate: z.string(),
      })
      .loose(),
    ProductTree: z
      .object({
        Branch: z.array(JsonBranch).nullish(),
        FullProductName: z.array(z.object({ ProductID: z.union([z.string(), z.number()]), Value: z.string().nullish(), CPE: z.string().nullish() }).loose()).nullish(),
      })
      .loose()
      .nullish(),
    Vulnerability: z
      .array(
        z
          .object({
            Title: Text,
            CVE: z.string().nullish(),
            Ordinal: Num,
            Notes: z.array(z.object({ Type: Enum, Title: z.string().nullish(), Value: z.string().nullish() }).loose()).nullish(),
            CWE: z.array(z.object({ ID: z.string().nullish(), Value: z.string().nullish() }).loose()).nullish(),
            ProductStatuses: z.array(z.object({ ProductID: Ids }).loose()).nullish(),
            Threats: z.array(z.object({ Type: Enum, Description: Text, ProductID: Ids }).loose()).nullish(),
            CVSSScoreSets: z.array(z.object({ BaseScore: Num, TemporalScore: Num, Vector: z.string().nullish(), ProductID: Ids }).loose()).nullish(),
            Remediations: z
              .array(
                z
                  .object({
                    Type: Enum,
                    Description: Text,
                    URL: z.string().nullish(),
                    Supercedence: z.string().nullish(),
                    FixedBuild: z.string().nullish(),
                    RestartRequired: Text,
                    SubType: z.string().nullish(),
                    ProductID: Ids,
                  })
                  .loose(),
              )
              .nullish(),
          })
          .loose(),
      )
      .nullish(),
  })
  .loose()

/** True when a parsed JSON value looks like a CVRF document (rather than KEV, an index, a bundle). */
export function looksLikeCvrfJson(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'DocumentTracking' in value
}

/** Normalises the JSON form of one CVRF document. */
export function parseCvrfJson(value: unknown, source: string): CatalogDocument {
  const parsed = JsonDocument.safeParse(value)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const where = issue ? issue.path.join('.') || '(document)' : '(document)'
    throw new CoreError('bad-file', `${source}: JSON is not an MSRC CVRF document (${where}: ${issue?.message ?? 'invalid'})`)
  }
  const doc = parsed.data
  const tracking = doc.DocumentTracking
  const id = text(tracking.Identification.ID)
  if (!id) throw new CoreError('bad-file', `${source}: JSON CVRF document without DocumentTracking.Identification.ID`)
  let revision: string | null = null
  for (const r of tracking.RevisionHistory ?? []) {
    const n = r.Number === null || r.Number === undefined ? null : String(r.Number)
    if (n && (revision === null || Number(n) > Number(revision))) revision = n
  }
  const products: CatalogProduct[] = []
  const walk = (branches: readonly unknown[], family: string | null): void => {
    for (const raw of branches) {
      const branch = JsonBranch.safeParse(raw)
      if (!branch.success) continue
      const b = branch.data
      const isVendor = b.Type === 0 || b.Type === 'Vendor'
      const here = isVendor ? family : (b.Name ?? family)
      if (b.ProductID !== undefined && b.ProductID !== null) {
        products.push({ productId: String(b.ProductID), name: typeof b.Value === 'string' ? b.Value.trim() : '', family, cpe: null })
      }
      if (b.Items) walk(b.Items, here)
    }
  }
  walk(doc.ProductTree?.Branch ?? [], null)
  // A product appears under its family branch and again at the top level: merge the two.
  const merged = new Map<string, CatalogProduct>()
  for (const p of products) merged.set(p.productId, p)
  for (const p of doc.ProductTree?.FullProductName ?? []) {
    const productId = String(p.ProductID)
    const held = merged.get(productId)
    merged.set(productId, { productId, name: (p.Value ?? '').trim() || (held?.name ?? ''), family: held?.family ?? null, cpe: p.CPE ?? held?.cpe ?? null })
  }

  const vulnerabilities: CatalogVulnerability[] = []
  for (const v of doc.Vulnerability ?? []) {
    const builder = new VulnerabilityBuilder()
    builder.cve = v.CVE ?? null
    builder.title = text(v.Title)
    const ordinal = Number(v.Ordinal)
    builder.ordinal = v.Ordinal !== null && v.Ordinal !== undefined && Number.isFinite(ordinal) ? ordinal : null
    builder.cweId = v.CWE?.[0]?.ID ?? null
    builder.cweName = v.CWE?.[0]?.Value ?? null
    for (const note of v.Notes ?? []) builder.addNote(enumName(note.Type, NOTE_TYPES), note.Title ?? null, note.Value ?? '')
    for (const status of v.ProductStatuses ?? []) builder.addAffected(ids(status.ProductID))
    for (const threat of v.Threats ?? []) builder.addThreat(enumName(threat.Type, THREAT_TYPES), text(threat.Description) ?? '', ids(threat.ProductID))
    for (const set of v.CVSSScoreSets ?? []) builder.addScoreSet(num(set.BaseScore), num(set.TemporalScore), set.Vector ?? null, ids(set.ProductID))
    for (const r of v.Remediations ?? []) {
      builder.addRemediation({
        type: enumName(r.Type, REMEDIATION_TYPES) ?? 'Unknown',
        description: text(r.Description),
        url: r.URL ?? null,
        fixedBuild: r.FixedBuild ?? null,
        supersedes: r.Supercedence ?? null,
        restartRequired: text(r.RestartRequired),
        subType: r.SubType ?? null,
        productIds: ids(r.ProductID),
      })
    }
    const built = builder.build()
    if (built) vulnerabilities.push(built)
  }
  return {
    header: {
      id,
      alias: text(tracking.Identification.Alias),
      title: text(doc.DocumentTitle),
      documentType: text(doc.DocumentType),
      initialReleaseDate: tracking.InitialReleaseDate ? normaliseDate(tracking.InitialReleaseDate) : null,
      currentReleaseDate: normaliseDate(tracking.CurrentReleaseDate),
      revision,
    },
    products: [...merged.values()],
    vulnerabilities,
  }
}

function text(value: z.infer<typeof Text>): string | null {
  if (value === null || value === undefined) return null
  const raw = typeof value === 'string' ? value : value.Value
  return raw?.trim() || null
}

function ids(value: z.infer<typeof Ids>): string[] {
  if (value === null || value === undefined) return []
  return (Array.isArray(value) ? value : [value]).map(String)
}

function num(value: z.infer<typeof Num>): number | null {
  if (value === null || value === undefined || value === '') return null
  const n = Number(value)
  return Number.isFinite(n) ? n : null
}
