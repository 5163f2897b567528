import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import { decompress } from 'fzstd'
import type { Database } from 'better-sqlite3'
import { openDatabase } from '../../src-main/store/database'
import { makeTempDir } from './temp-dir'
import { sharedDataPath } from './shared-data'

/** A fresh store in a temp folder; `cleanup` closes it and removes the folder. */
export function catalogStore(): { db: Database; dir: string; file: string; cleanup: () => void } {
  const { dir, cleanup } = makeTempDir('patchlane-catalog-')
  const file = path.join(dir, 'patchlane.db')
  const db = openDatabase(file)
  return {
    db,
    dir,
    file,
    cleanup: () => {
      if (db.open) db.close()
      cleanup()
    },
  }
}

/** A re-serialised monthly document from msrc-cvrf-xml/, e.g. `2025-Nov`. */
export function cvrfXmlPath(month: string): string {
  return sharedDataPath('msrc-cvrf-xml', `cvrfDocument-${month}.xml`)
}

/** A raw-API zstd document from msrc-cvrf-all/, e.g. `2024-Dec`. */
export function cvrfZstPath(id: string): string {
  return sharedDataPath('msrc-cvrf-all', `${id}.xml.zst`)
}

/** The raw API XML text of a msrc-cvrf-all/ document (decompressed in memory; test use only). */
export function rawCvrfXml(id: string): string {
  return Buffer.from(decompress(fs.readFileSync(cvrfZstPath(id)))).toString('utf8')
}

/** Every row of every catalog table, as one comparable value: "nothing changed" checks. */
export function catalogSnapshot(db: Database): Record<string, unknown[]> {
  const tables = [
    'catalog_documents',
    'catalog_products',
    'catalog_vulnerabilities',
    'catalog_vulnerability_products',
    'catalog_remediations',
    'catalog_remediation_products',
    'catalog_supersedence',
    'catalog_kev',
  ]
  return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all()]))
}

/** Table row counts. */
export function catalogCounts(db: Database): Record<string, number> {
  const snapshot = catalogSnapshot(db)
  return Object.fromEntries(Object.entries(snapshot).map(([k, v]) => [k, v.length]))
}

/**
 * Writes a minimal zip (stored entries, or deflated with `deflate: true`) — enough to test the
 * importer's archive path without a zip library that writes.
 */
export function writeZip(file: string, entries: ReadonlyArray<{ name: string; data: Buffer }>, options: { deflate?: boolean } = {}): void {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8')
    const body = options.deflate ? zlib.deflateRawSync(entry.data) : entry.data
    const method = options.deflate ? 8 : 0
    const crc = zlib.crc32(entry.data)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(0x0800, 6)
    local.writeUInt16LE(method, 8)
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(body.length, 18)
    local.writeUInt32LE(entry.data.length, 22)
    local.writeUInt16LE(name.length, 26)
    locals.push(local, name, body)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(0x0800, 8)
    central.writeUInt16LE(method, 10)
    central.writeUInt32LE(crc, 16)
    central.writeUInt32LE(body.length, 20)
    central.writeUInt32LE(entry.data.length, 24)
    central.writeUInt16LE(name.length, 28)
    central.writeUInt32LE(offset, 42)
    centrals.push(central, name)
    offset += local.length + name.length + body.length
  }
  const centralSize = centrals.reduce((sum, b) => sum + b.length, 0)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(centralSize, 12)
  end.writeUInt32LE(offset, 16)
  fs.writeFileSync(file, Buffer.concat([...locals, ...centrals, end]))
}
