import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { databaseBytes, openDatabase } from '../../../../src-main/store/database'
import { SCHEMA_VERSION } from '../../../../src-main/store/migrate'
import { makeTempDir } from '../../../helpers/temp-dir'

describe('openDatabase', () => {
  const temps: Array<() => void> = []
  afterEach(() => temps.splice(0).forEach((cleanup) => cleanup()))

  it('creates the folder, migrates to the newest schema, and uses WAL with foreign keys', () => {
    const { dir, cleanup } = makeTempDir()
    temps.push(cleanup)
    const file = path.join(dir, 'nested', 'patchlane.db')
    const db = openDatabase(file)
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    db.close()
    expect(databaseBytes(file)).toBeGreaterThan(0)
    // Reopening an up-to-date store changes nothing.
    const again = openDatabase(file)
    expect(again.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
    again.close()
  })

  it('refuses a file that is not a database, naming it', () => {
    const { dir, cleanup } = makeTempDir()
    temps.push(cleanup)
    const file = path.join(dir, 'patchlane.db')
    fs.writeFileSync(file, 'this is not sqlite '.repeat(400))
    expect(() => openDatabase(file)).toThrow(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}.*not a database`))
  })

  it('refuses a store written by a newer Patchlane instead of guessing', () => {
    const { dir, cleanup } = makeTempDir()
    temps.push(cleanup)
    const file = path.join(dir, 'patchlane.db')
    const db = openDatabase(file)
    db.pragma(`user_version = ${SCHEMA_VERSION + 5}`)
    db.close()
    expect(() => openDatabase(file)).toThrow(/newer than this Patchlane understands/)
  })

  it('reports a damaged file instead of answering wrongly', () => {
    const { dir, cleanup } = makeTempDir()
    temps.push(cleanup)
    const file = path.join(dir, 'patchlane.db')
    const db = openDatabase(file)
    db.pragma('journal_mode = DELETE')
    db.exec(`CREATE TABLE filler (x TEXT); CREATE INDEX filler_x ON filler (x);`)
    const insert = db.prepare(`INSERT INTO filler (x) VALUES (?)`)
    for (let i = 0; i < 2000; i += 1) insert.run(`row ${i} ${'x'.repeat(50)}`)
    db.close()
    // Overwrite a page in the middle of the file: the header stays valid, the b-tree does not.
    const bytes = fs.readFileSync(file)
    const pageSize = bytes.readUInt16BE(16)
    bytes.fill(0xa5, pageSize * 5, pageSize * 5 + pageSize)
    fs.writeFileSync(file, bytes)
    expect(() => openDatabase(file)).toThrow(/damaged|malformed|not a database/)
  })
})

describe('integrity check policy', () => {
  it('runs the full check on a new store and after an unclean close, the quick one after a clean close', async () => {
    const { needsFullCheck, markClosedCleanly } = await import('../../../../src-main/store/integrity')
    const { dir, cleanup } = makeTempDir()
    try {
      const file = path.join(dir, 'patchlane.db')
      const db = openDatabase(file)
      const now = Date.now()
      // Opened, not yet closed: a process that died now would leave it unclean.
      expect(needsFullCheck(db, now)).toBe(true)
      markClosedCleanly(db)
      expect(needsFullCheck(db, now)).toBe(false)
      // A day later the full check is due again.
      expect(needsFullCheck(db, now + 25 * 60 * 60 * 1000)).toBe(true)
      db.close()
      const again = openDatabase(file)
      expect(needsFullCheck(again, Date.now())).toBe(true)
      again.close()
    } finally {
      cleanup()
    }
  })
})
