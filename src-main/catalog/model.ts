/**
 * One MSRC CVRF document, normalised: what the XML and JSON parsers produce and the store
 * writes. Sized for one month (≤ 11 MB of XML), never for the whole catalog.
 */

/** The identity of a document version: enough to decide replace or skip before parsing it all. */
export interface CatalogDocumentHeader {
  /** Document ID as published, e.g. `2025-Nov`, `2017-May-B`, `2018-FEB`. */
  readonly id: string
  readonly alias: string | null
  readonly title: string | null
  readonly documentType: string | null
  /** ISO 8601 UTC (`…Z`). */
  readonly initialReleaseDate: string | null
  /** ISO 8601 UTC (`…Z`); the version of the document together with `revision`. */
  readonly currentReleaseDate: string
  /** Highest revision number in DocumentTracking/RevisionHistory, e.g. `421`. */
  readonly revision: string | null
}

/** A product of the document's ProductTree. MSRC ProductIDs are stable across documents. */
export interface CatalogProduct {
  readonly productId: string
  readonly name: string
  /** The ProductTree branch it sits under ("Windows", "ESU", …), when it has one. */
  readonly family: string | null
  readonly cpe: string | null
}

/** Severity, impact and CVSS of one vulnerability for one product. */
export interface CatalogVulnerabilityProduct {
  productId: string
  severity: string | null
  impact: string | null
  baseScore: number | null
  temporalScore: number | null
  vector: string | null
}

/** Remediation types as CVRF names them (the JSON form's numbers are mapped to these). */
export type RemediationType =
  | 'Workaround'
  | 'Mitigation'
  | 'Vendor Fix'
  | 'None Available'
  | 'Will Not Fix'
  | 'Release Notes'
  | 'Known Issue'
  | (string & {})

/** One remediation of one vulnerability. */
export interface CatalogRemediation {
  type: RemediationType
  /** The Description: a KB number for Windows fixes, a release name for Mariner, text for workarounds. */
  description: string | null
  /** Digits only, when `description` is a KB number. */
  kb: string | null
  url: string | null
  fixedBuild: string | null
  /** Supercedence text as published (may list several KBs and bulletins). */
  supersedes: string | null
  restartRequired: string | null
  subType: string | null
  productIds: string[]
}

/** One CVE entry of the document. */
export interface CatalogVulnerability {
  cve: string
  title: string | null
  ordinal: number | null
  /** The "Tag" note: the component, e.g. "Windows Kernel". */
  tag: string | null
  cna: string | null
  cweId: string | null
  cweName: string | null
  description: string | null
  /** All FAQ notes, joined by blank lines (HTML as published). */
  faq: string | null
  /** Mitigation remediations' text, joined. */
  mitigation: string | null
  /** Workaround remediations' text, joined. */
  workaround: string | null
  customerActionRequired: boolean | null
  publiclyDisclosed: boolean | null
  exploited: boolean | null
  /** "Latest Software Release: …" of the exploit status, e.g. "Exploitation More Likely". */
  exploitability: string | null
  /** The exploit status text as published. */
  exploitStatus: string | null
  products: CatalogVulnerabilityProduct[]
  remediations: CatalogRemediation[]
}

/** A whole document. */
export interface CatalogDocument {
  readonly header: CatalogDocumentHeader
  readonly products: CatalogProduct[]
  readonly vulnerabilities: CatalogVulnerability[]
}
