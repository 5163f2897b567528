import fs from 'node:fs'
import type { Database } from 'better-sqlite3'
import type { z } from 'zod'
import type { CredentialSummary, SaveCredentialInput } from '../contract/schemas/credentials'
import { CoreError } from '../errors'
import type { ScanCredential } from '../scan/remote-params'
import { deleteCredentialRow, getCredentialRow, listCredentialRows, upsertCredentialRow, type CredentialRow } from './credential-rows'
import type { CipherChoice, SecretProtection } from './secret-cipher'

export interface CredentialServiceDeps {
  readonly db: Database
  readonly now: () => Date
  readonly cipher: CipherChoice
}

const PROTECTION_NAMES: Record<SecretProtection, string> = {
  'safe-storage': 'the Patchlane app (Electron safeStorage)',
  keychain: 'the OS keychain of the computer and user that saved it',
  'key-file': 'a key file (--secret-key / PATCHLANE_SECRET_KEY)',
}

/**
 * Stored credentials: list and delete need no cipher; saving or reading a password needs the
 * process's cipher, and a credential is opened only by the kind of cipher that sealed it.
 * Nothing returned here but `forScan` ever holds a secret, and no message ever does.
 */
export function createCredentialService(deps: CredentialServiceDeps) {
  const cipherFor = (action: string) => {
    if (deps.cipher.cipher === null) throw new CoreError('invalid-input', `Cannot ${action}: no secret store is set up in this Patchlane. ${deps.cipher.why}`)
    return deps.cipher.cipher
  }

  return {
    /** Every credential, never a secret. */
    list(): CredentialSummary[] {
      return listCredentialRows(deps.db).map(summaryOf)
    },

    /** The summary of one credential, or a not-found error naming how to see the list. */
    get(name: string): CredentialSummary {
      return summaryOf(requireRow(deps.db, name))
    },

    /** Saves (or replaces) a credential; a password is encrypted before it reaches the store. */
    async save(input: z.output<typeof SaveCredentialInput>): Promise<CredentialSummary> {
      const createdAt = deps.now().toISOString()
      let row: CredentialRow
      if (input.keyFile !== undefined) {
        if (!fs.existsSync(input.keyFile)) throw new CoreError('not-found', `The SSH key file ${input.keyFile} does not exist on this computer.`)
        row = { name: input.name, userName: input.userName, kind: 'key-file', keyFile: input.keyFile, secret: null, protectedBy: 'none', createdAt }
      } else if (input.password !== undefined) {
        const cipher = cipherFor(`save the password of credential "${input.name}"`)
        const secret = await cipher.encrypt(input.password, input.name)
        row = { name: input.name, userName: input.userName, kind: 'password', keyFile: null, secret, protectedBy: cipher.protectedBy, createdAt }
      } else {
        throw new CoreError('invalid-input', 'Give either a password or an SSH key file.')
      }
      upsertCredentialRow(deps.db, row)
      return summaryOf(row)
    },

    /** Deletes a credential; `deleted` is false when there was none of that name. */
    delete(name: string): { deleted: boolean } {
      return { deleted: deleteCredentialRow(deps.db, name) }
    },

    /**
     * The account a scan signs in with, password decrypted: called in main only as the scan
     * runs (and again on resume), never kept with the scan.
     */
    async forScan(name: string): Promise<ScanCredential> {
      const row = requireRow(deps.db, name)
      if (row.kind === 'key-file') return { userName: row.userName, keyFile: row.keyFile ?? '' }
      const cipher = cipherFor(`read the password of credential "${row.name}"`)
      if (row.protectedBy !== cipher.protectedBy || row.secret === null) {
        const savedWith = row.protectedBy === 'none' ? 'nothing' : PROTECTION_NAMES[row.protectedBy]
        throw new CoreError('invalid-input', `The password of credential "${row.name}" was saved with ${savedWith}; this Patchlane uses ${cipher.description} and cannot read it. Save the credential again here.`)
      }
      return { userName: row.userName, password: await cipher.decrypt(row.secret, row.name) }
    },
  }
}

export type CredentialService = ReturnType<typeof createCredentialService>

function requireRow(db: Database, name: string): CredentialRow {
  const row = getCredentialRow(db, name.trim())
  if (!row) throw new CoreError('not-found', `No stored credential "${name}". \`patchlane credential list\` (or Settings) shows the credentials kept.`)
  return row
}

function summaryOf(row: CredentialRow): CredentialSummary {
  return { name: row.name, userName: row.userName, kind: row.kind, keyFile: row.keyFile, protectedBy: row.protectedBy, createdAt: row.createdAt }
}
