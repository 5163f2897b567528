import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto'
import { CoreError } from '../errors'

/**
 * AES-256-GCM sealing shared by the key-file and keychain ciphers.
 *
 * Blob layout: version (1 byte, 1) | key id (8) | IV (12) | tag (16) | ciphertext. The key id
 * (the first 8 bytes of SHA-256 of the key) tells "sealed with another key" apart from "damaged",
 * so each gets its own message; the context (credential name) is the additional authenticated data.
 */
const VERSION = 1
const KEY_ID_BYTES = 8
const IV_BYTES = 12
const TAG_BYTES = 16
const HEADER_BYTES = 1 + KEY_ID_BYTES + IV_BYTES + TAG_BYTES

/** A 32-byte key and its short id. */
export interface SealingKey {
  readonly key: Buffer
  readonly id: Buffer
}

/** Wraps raw key bytes; refuses anything but 32 bytes. */
export function sealingKey(key: Buffer, where: string): SealingKey {
  if (key.length !== 32) throw new CoreError('invalid-input', `${where} does not hold a 32-byte key (it holds ${key.length} bytes): it is not a Patchlane secret key.`)
  return { key, id: createHash('sha256').update(key).digest().subarray(0, KEY_ID_BYTES) }
}

/** Encrypts `plaintext` under `key`, bound to `context`. */
export function seal(key: SealingKey, plaintext: string, context: string): Buffer {
  const iv = randomBytes(IV_BYTES)
  const cipher = createCipheriv('aes-256-gcm', key.key, iv)
  cipher.setAAD(Buffer.from(context, 'utf8'))
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
  return Buffer.concat([Buffer.from([VERSION]), key.id, iv, cipher.getAuthTag(), body])
}

/**
 * Decrypts a blob made by `seal`. `what` names the credential and `keyName` the key's home for
 * the messages; neither message ever holds any of the plaintext.
 */
export function unseal(key: SealingKey, blob: Buffer, context: string, what: string, keyName: string): string {
  if (blob.length < HEADER_BYTES || blob[0] !== VERSION) {
    throw new CoreError('invalid-input', `The stored secret of ${what} is damaged (not a Patchlane secret blob). Remove the credential and add it again.`)
  }
  const id = blob.subarray(1, 1 + KEY_ID_BYTES)
  if (!id.equals(key.id)) {
    throw new CoreError('invalid-input', `The secret of ${what} was saved with another key than ${keyName}. Use the key it was saved with, or remove the credential and add it again.`)
  }
  const iv = blob.subarray(1 + KEY_ID_BYTES, 1 + KEY_ID_BYTES + IV_BYTES)
  const tag = blob.subarray(1 + KEY_ID_BYTES + IV_BYTES, HEADER_BYTES)
  const decipher = createDecipheriv('aes-256-gcm', key.key, iv)
  decipher.setAAD(Buffer.from(context, 'utf8'))
  decipher.setAuthTag(tag)
  try {
    return Buffer.concat([decipher.update(blob.subarray(HEADER_BYTES)), decipher.final()]).toString('utf8')
  } catch {
    // GCM's tag check failed: the blob (or the name it is bound to) was changed after it was saved.
    throw new CoreError('invalid-input', `The stored secret of ${what} failed its integrity check: it was altered or damaged after it was saved. Remove the credential and add it again.`)
  }
}
