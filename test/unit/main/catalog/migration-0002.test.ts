import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate } from '../../../../src-main/store/migrate'
import { MIGRATIONS } from '../../../../src-main/store/migrations/index'

describe('migration 0002: catalog', () => {
  const db = new BetterSqlite3(':memory:')
  db.pragma('foreign_keys = ON')
  migrate(db, MIGRATIONS, 2)
  const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as Array<{ detail: string }>).map((r) => r.detail).join(' | ')

  it('is migration number 2 and creates the catalog tables', () => {
    expect(MIGRATIONS[1]).toMatchObject({ version: 2 })
    expect(db.pragma('user_version', { simple: true })).toBe(2)
    const tables = db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name LIKE 'catalog_%' ORDER BY name`).pluck().all()
    expect(tables).toEqual([
      'catalog_documents',
      'catalog_kev',
      'catalog_meta',
      'catalog_products',
      'catalog_remediation_products',
      'catalog_remediations',
      'catalog_supersedence',
      'catalog_vulnerabilities',
      'catalog_vulnerability_products',
    ])
  })

  it('refuses rows that point at nothing', () => {
    expect(() => db.prepare(`INSERT INTO catalog_vulnerabilities (document_id, cve) VALUES ('nope', 'CVE-2025-0001')`).run()).toThrow(/FOREIGN KEY/)
  })

  it('answers the assessment queries from indexes', () => {
    expect(plan(`SELECT * FROM catalog_remediation_products WHERE product_id = '1'`)).toMatch(/catalog_remediation_products_product/)
    expect(plan(`SELECT * FROM catalog_remediations WHERE kb = '5068865'`)).toMatch(/catalog_remediations_kb/)
    expect(plan(`SELECT * FROM catalog_supersedence WHERE superseded_kb = '5066793'`)).toMatch(/catalog_supersedence_kb/)
    expect(plan(`SELECT * FROM catalog_vulnerabilities WHERE cve = 'CVE-2025-60724'`)).toMatch(/catalog_vulnerabilities_cve/)
    expect(plan(`SELECT * FROM catalog_products WHERE normalised_name = 'windows 11'`)).toMatch(/catalog_products_normalised_name/)
    expect(plan(`SELECT * FROM catalog_remediations WHERE vulnerability_id = 1`)).toMatch(/catalog_remediations_vulnerability/)
    expect(plan(`SELECT count(DISTINCT cve) FROM catalog_vulnerabilities WHERE exploited = 1`)).toMatch(/catalog_vulnerabilities_exploited/)
  })
})
