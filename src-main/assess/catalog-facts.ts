import type { Database, Statement } from 'better-sqlite3'

/** Title and component tag of a CVE, from the newest document listing it. */
export interface CveFacts {
  readonly title: string | null
  readonly tag: string | null
}

const statements = new WeakMap<Database, Statement>()

export function cveFacts(db: Database, cve: string): CveFacts {
  let statement = statements.get(db)
  if (!statement) {
    statement = db.prepare(
      `SELECT v.title, v.tag FROM catalog_vulnerabilities v JOIN catalog_documents d ON d.id = v.document_id
       WHERE v.cve = ? ORDER BY d.current_release_date DESC LIMIT 1`,
    )
    statements.set(db, statement)
  }
  return (statement.get(cve) as CveFacts | undefined) ?? { title: null, tag: null }
}
