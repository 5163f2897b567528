import type { Output } from '../../../../src-main/contract/api'

/** A catalog holding the 2026-Mar document (last revised 2026-03-31) and a KEV snapshot. */
export function catalogStatus(overrides: Partial<Output<'getCatalogStatus'>> = {}): Output<'getCatalogStatus'> {
  return {
    documents: 16,
    newestDocument: '2026-Mar',
    vulnerabilities: 2784,
    products: 1021,
    remediations: 28941,
    exploited: 27,
    kev: { count: 1239, asOf: '2025-08-15T00:00:00.000Z' },
    dbBytes: 48_234_496,
    asOf: '2026-03-31T07:00:00Z',
    lastSync: null,
    lastError: null,
    ...overrides,
  }
}

/** The catalog a new installation starts with. */
export function emptyCatalog(): Output<'getCatalogStatus'> {
  return catalogStatus({ documents: 0, newestDocument: null, vulnerabilities: 0, products: 0, remediations: 0, exploited: 0, kev: null, dbBytes: 0, asOf: null })
}
