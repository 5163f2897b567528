import fs from 'node:fs'
import path from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { createCredentialService } from '../../../../src-main/credentials/credential-service'
import { keyFileCipher } from '../../../../src-main/credentials/key-file-cipher'
import { migrate } from '../../../../src-main/store/migrate'
import { MIGRATIONS } from '../../../../src-main/store/migrations/index'
import { openDatabase } from '../../../../src-main/store/database'
import { makeTempDir } from '../../../helpers/temp-dir'

const PASSWORD = 'Tr0ub4dor&3-lab-only'
const now = () => new Date('2026-11-27T10:00:00Z')

describe('migration 0006: credentials', () => {
  it('keeps a password credential only as ciphertext and a key-file credential without any secret', () => {
    const db = new BetterSqlite3(':memory:')
    expect(migrate(db, MIGRATIONS, 6)).toBe(6)
    const insert = db.prepare('INSERT INTO credentials (name, user_name, kind, key_file, secret, protected_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
    insert.run('lab', 'u', 'password', null, Buffer.from([1]), 'key-file', 'now')
    expect(() => insert.run('LAB', 'u', 'password', null, Buffer.from([1]), 'key-file', 'now')).toThrow(/UNIQUE/)
    expect(() => insert.run('p2', 'u', 'password', null, null, 'key-file', 'now')).toThrow(/CHECK/)
    expect(() => insert.run('p3', 'u', 'password', null, Buffer.from([1]), 'none', 'now')).toThrow(/CHECK/)
    expect(() => insert.run('k1', 'u', 'key-file', '/k', Buffer.from([1]), 'none', 'now')).toThrow(/CHECK/)
    expect(() => insert.run('k2', 'u', 'key-file', '/k', null, 'key-file', 'now')).toThrow(/CHECK/)
    expect(() => insert.run('k3', ' ', 'key-file', '/k', null, 'none', 'now')).toThrow(/CHECK/)
    expect(() => insert.run('k4', 'u', 'token', null, null, 'none', 'now')).toThrow(/CHECK/)
    insert.run('k5', 'u', 'key-file', '/k', null, 'none', 'now')
  })
})

describe('the credential store (real SQLite in a temp folder)', () => {
  const temps: Array<() => void> = []
  const openStore = () => {
    const temp = makeTempDir('patchlane-credentials-')
    temps.push(temp.cleanup)
    const dbPath = path.join(temp.dir, 'patchlane.db')
    const db = openDatabase(dbPath, { integrity: 'auto' })
    temps.push(() => db.close())
    return { dir: temp.dir, db, dbPath }
  }
  afterEach(() => temps.splice(0).reverse().forEach((cleanup) => cleanup()))

  it('saves, lists, replaces, reads for a scan and deletes; the database file never holds the password', async () => {
    const { dir, db, dbPath } = openStore()
    const keyFile = path.join(dir, 'id_ed25519')
    fs.writeFileSync(keyFile, 'not really a key', { mode: 0o600 })
    const store = createCredentialService({ db, now, cipher: { cipher: keyFileCipher(path.join(dir, 'secret.key')) } })
    expect(store.list()).toEqual([])
    const saved = await store.save({ name: 'Lab admin', userName: 'CORP\\ann', password: PASSWORD })
    expect(saved).toEqual({ name: 'Lab admin', userName: 'CORP\\ann', kind: 'password', keyFile: null, protectedBy: 'key-file', createdAt: '2026-11-27T10:00:00.000Z' })
    await store.save({ name: 'ssh-key', userName: 'admin', keyFile })
    expect(store.list().map((c) => [c.name, c.kind, c.protectedBy, c.keyFile])).toEqual([
      ['Lab admin', 'password', 'key-file', null],
      ['ssh-key', 'key-file', 'none', keyFile],
    ])
    expect(JSON.stringify(store.list())).not.toContain(PASSWORD)
    expect(await store.forScan('lab ADMIN')).toEqual({ userName: 'CORP\\ann', password: PASSWORD })
    expect(await store.forScan('ssh-key')).toEqual({ userName: 'admin', keyFile })

    // Saving again under the same name replaces the account and the secret.
    await store.save({ name: 'lab admin', userName: 'CORP\\bob', password: 'another-one' })
    expect(store.list()).toHaveLength(2)
    expect(await store.forScan('Lab admin')).toEqual({ userName: 'CORP\\bob', password: 'another-one' })
    await store.save({ name: 'lab admin', userName: 'CORP\\ann', password: PASSWORD })

    db.pragma('wal_checkpoint(TRUNCATE)')
    const bytes = Buffer.concat([fs.readFileSync(dbPath), ...['-wal', '-shm'].filter((s) => fs.existsSync(dbPath + s)).map((s) => fs.readFileSync(dbPath + s))])
    expect(bytes.includes(Buffer.from(PASSWORD))).toBe(false)
    expect(bytes.includes(Buffer.from('lab admin'))).toBe(true) // the name (as last saved) is stored, in the clear

    expect(store.delete('ssh-key')).toEqual({ deleted: true })
    expect(store.delete('ssh-key')).toEqual({ deleted: false })
    await expect(store.forScan('ssh-key')).rejects.toThrow('No stored credential "ssh-key". `patchlane credential list` (or Settings) shows the credentials kept.')
    await expect(store.save({ name: 'gone', userName: 'u', keyFile: path.join(dir, 'nope') })).rejects.toThrow(/The SSH key file .*nope does not exist/)
  })

  it('without a cipher: lists and keeps key-file credentials, but refuses passwords, saying what to do', async () => {
    const { dir, db } = openStore()
    const withKey = createCredentialService({ db, now, cipher: { cipher: keyFileCipher(path.join(dir, 'secret.key')) } })
    await withKey.save({ name: 'lab', userName: 'u', password: PASSWORD })
    const why = 'No OS keychain is available here. Name a key file: --secret-key FILE.'
    const bare = createCredentialService({ db, now, cipher: { cipher: null, why } })
    expect(bare.list().map((c) => c.name)).toEqual(['lab'])
    await expect(bare.save({ name: 'p', userName: 'u', password: PASSWORD })).rejects.toThrow(`Cannot save the password of credential "p": no secret store is set up in this Patchlane. ${why}`)
    await expect(bare.forScan('lab')).rejects.toThrow(`Cannot read the password of credential "lab": no secret store is set up in this Patchlane. ${why}`)
    fs.writeFileSync(path.join(dir, 'k'), 'k')
    expect((await bare.save({ name: 'k', userName: 'u', keyFile: path.join(dir, 'k') })).protectedBy).toBe('none')
    expect(await bare.forScan('k')).toEqual({ userName: 'u', keyFile: path.join(dir, 'k') })
  })

  it('a password sealed by one kind of cipher is refused by another, with the fix', async () => {
    const { dir, db } = openStore()
    await createCredentialService({ db, now, cipher: { cipher: keyFileCipher(path.join(dir, 'secret.key')) } }).save({ name: 'lab', userName: 'u', password: PASSWORD })
    const keychain = { protectedBy: 'keychain' as const, description: 'the macOS Keychain', encrypt: async () => Buffer.alloc(0), decrypt: async () => '' }
    const error = await createCredentialService({ db, now, cipher: { cipher: keychain } })
      .forScan('lab')
      .catch((e: Error) => e)
    expect((error as Error).message).toBe(
      'The password of credential "lab" was saved with a key file (--secret-key / PATCHLANE_SECRET_KEY); this Patchlane uses the macOS Keychain and cannot read it. Save the credential again here.',
    )
  })
})
