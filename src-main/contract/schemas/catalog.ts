import { z } from 'zod'

/** CISA Known Exploited Vulnerabilities, as held in the store. */
export const KevStatus = z.object({
  count: z.number().int().nonnegative(),
  asOf: z.string().nullable(),
})
export type KevStatus = z.infer<typeof KevStatus>

/** What the catalog holds: `patchlane catalog status --json` prints exactly this plus `asOf`, `lastSync`, `lastError`. */
export const CatalogStatus = z.object({
  documents: z.number().int().nonnegative(),
  /** ID of the newest document by CurrentReleaseDate, e.g. "2026-Mar". */
  newestDocument: z.string().nullable(),
  /** Distinct CVEs. */
  vulnerabilities: z.number().int().nonnegative(),
  products: z.number().int().nonnegative(),
  remediations: z.number().int().nonnegative(),
  /** Distinct CVEs Microsoft marks "Exploited: Yes". */
  exploited: z.number().int().nonnegative(),
  kev: KevStatus.nullable(),
  dbBytes: z.number().int().nonnegative(),
  /** Newest CurrentReleaseDate of any document (ISO 8601), or null when empty. */
  asOf: z.string().nullable(),
  /** When the last sync finished successfully (ISO 8601). */
  lastSync: z.string().nullable(),
  /** The message of the last failed sync, cleared by a successful one. */
  lastError: z.string().nullable(),
})
export type CatalogStatus = z.infer<typeof CatalogStatus>

/** How one input (a file, or a document inside an archive / folder) fared. */
export const CatalogFileOutcome = z.object({
  /** The file, or `archive.zip!inner.xml` for a member of an archive. */
  source: z.string(),
  /** imported = new; replaced = newer revision of a held document; skipped = same or older; failed = nothing stored. */
  outcome: z.enum(['imported', 'replaced', 'skipped', 'failed']),
  /** Document ID ("2025-Nov") or "KEV" or "bundle"; null if unknown (failed early). */
  documentId: z.string().nullable(),
  /** What happened, for a person: the revision held, or what is wrong with the file. */
  message: z.string().nullable(),
})
export type CatalogFileOutcome = z.infer<typeof CatalogFileOutcome>

/** The result of an import (files, folders, archives, a bundle) or a sync. */
export const CatalogImportSummary = z.object({
  imported: z.number().int().nonnegative(),
  replaced: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  files: z.array(CatalogFileOutcome),
  /** KEV entries loaded by this run, or null if no KEV was part of it. */
  kev: KevStatus.nullable(),
  elapsedMs: z.number().nonnegative(),
})
export type CatalogImportSummary = z.infer<typeof CatalogImportSummary>

/** Input of `importCatalog`: files, folders, .zip, .zst, CVRF XML/JSON, KEV JSON or a Patchlane bundle. */
export const ImportCatalogInput = z.strictObject({
  paths: z.array(z.string().min(1)).min(1),
})

/** Input of `exportCatalog`: where to write the bundle. */
export const ExportCatalogInput = z.strictObject({
  file: z.string().min(1),
})

/** Output of `exportCatalog`. */
export const CatalogExportResult = z.object({
  file: z.string(),
  bytes: z.number().int().nonnegative(),
  documents: z.number().int().nonnegative(),
})
export type CatalogExportResult = z.infer<typeof CatalogExportResult>

/** Progress of a long catalog operation, pushed as the `catalogProgress` event. */
export const CatalogProgress = z.object({
  operation: z.enum(['import', 'sync', 'export']),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  current: z.string().nullable(),
  message: z.string().nullable(),
})
export type CatalogProgress = z.infer<typeof CatalogProgress>
