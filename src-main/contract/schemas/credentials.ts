import { z } from 'zod'

/**
 * Stored sign-in accounts for scans. The secret (a password) crosses from the renderer to main
 * once, when it is saved; nothing read back ever contains it.
 */

/** A credential's name as the admin types it: `--credential NAME`, and the Detect screen's list. */
export const CredentialName = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9 ._@-]{0,63}$/, 'use letters, digits, space, dot, underscore, @ or dash (at most 64), starting with a letter or digit')

/** `password`: WinRM, DCOM or SSH password sign-in. `key-file`: an SSH private key the admin keeps. */
export const CredentialKind = z.enum(['password', 'key-file'])
export type CredentialKind = z.infer<typeof CredentialKind>

/** What is shown of a stored credential. Never the secret. */
export const CredentialSummary = z.object({
  name: z.string(),
  userName: z.string(),
  kind: CredentialKind,
  keyFile: z.string().nullable(),
  /** What encrypts the secret at rest: `safe-storage` (the app), `keychain` or `key-file` (the CLI); `none` for a key-file credential, which holds no secret. */
  protectedBy: z.enum(['safe-storage', 'keychain', 'key-file', 'none']),
  createdAt: z.string(),
})
export type CredentialSummary = z.infer<typeof CredentialSummary>

export const SaveCredentialInput = z
  .strictObject({
    name: CredentialName,
    /** `DOMAIN\user`, `user@domain` or a local account name. */
    userName: z.string().trim().min(1).max(256),
    password: z.string().min(1).max(1024).optional(),
    keyFile: z.string().trim().min(1).max(4096).optional(),
  })
  .refine((input) => (input.password === undefined) !== (input.keyFile === undefined), 'give either a password or an SSH key file')

export const CredentialNameInput = z.strictObject({ name: CredentialName })
