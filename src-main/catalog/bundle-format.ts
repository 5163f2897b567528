import { z } from 'zod'

/** Identifies a Patchlane catalog bundle; bumped when the layout changes incompatibly. */
export const BUNDLE_FORMAT = 'patchlane-catalog'
export const BUNDLE_VERSION = 1

const Header = z.object({
  id: z.string().min(1),
  alias: z.string().nullable(),
  title: z.string().nullable(),
  documentType: z.string().nullable(),
  initialReleaseDate: z.string().nullable(),
  currentReleaseDate: z.string().min(1),
  revision: z.string().nullable(),
})

const Remediation = z.object({
  type: z.string(),
  description: z.string().nullable(),
  kb: z.string().nullable(),
  url: z.string().nullable(),
  fixedBuild: z.string().nullable(),
  supersedes: z.string().nullable(),
  restartRequired: z.string().nullable(),
  subType: z.string().nullable(),
  productIds: z.array(z.string()),
})

const VulnerabilityProduct = z.object({
  productId: z.string(),
  severity: z.string().nullable(),
  impact: z.string().nullable(),
  baseScore: z.number().nullable(),
  temporalScore: z.number().nullable(),
  vector: z.string().nullable(),
})

const Vulnerability = z.object({
  cve: z.string().min(1),
  title: z.string().nullable(),
  ordinal: z.number().nullable(),
  tag: z.string().nullable(),
  cna: z.string().nullable(),
  cweId: z.string().nullable(),
  cweName: z.string().nullable(),
  description: z.string().nullable(),
  faq: z.string().nullable(),
  mitigation: z.string().nullable(),
  workaround: z.string().nullable(),
  customerActionRequired: z.boolean().nullable(),
  publiclyDisclosed: z.boolean().nullable(),
  exploited: z.boolean().nullable(),
  exploitability: z.string().nullable(),
  exploitStatus: z.string().nullable(),
  products: z.array(VulnerabilityProduct),
  remediations: z.array(Remediation),
})

const Product = z.object({ productId: z.string(), name: z.string(), family: z.string().nullable(), cpe: z.string().nullable() })

/** First line of a bundle: what it holds, so an importer can say so before reading the rest. */
export const BundleHeaderLine = z.object({
  format: z.literal(BUNDLE_FORMAT),
  version: z.literal(BUNDLE_VERSION),
  createdAt: z.string(),
  /** Newest CurrentReleaseDate of the documents inside. */
  asOf: z.string().nullable(),
  documents: z.array(z.object({ id: z.string(), currentReleaseDate: z.string(), revision: z.string().nullable() })),
  kev: z.object({ asOf: z.string(), version: z.string().nullable(), count: z.number().int() }).nullable(),
})
export type BundleHeaderLine = z.infer<typeof BundleHeaderLine>

/** The lines after the header, one JSON object each. */
export const BundleBodyLine = z.union([
  z.object({ products: z.array(Product) }),
  z.object({ document: z.object({ header: Header, products: z.array(Product), vulnerabilities: z.array(Vulnerability) }) }),
  z.object({
    kev: z.object({ catalogVersion: z.string(), dateReleased: z.string(), vulnerabilities: z.array(z.record(z.string(), z.unknown())) }),
  }),
])
export type BundleBodyLine = z.infer<typeof BundleBodyLine>

/** Last line: the SHA-256 of every byte before it (uncompressed), and the line count. */
export const BundleEndLine = z.object({ end: z.literal(true), sha256: z.string().regex(/^[0-9a-f]{64}$/), lines: z.number().int() })
