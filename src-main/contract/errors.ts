/**
 * Error codes that cross a process boundary inside a `Result`.
 *
 * Each code tells the renderer how to present the failure; the message says what happened in
 * words an administrator can act on.
 */
export const ERROR_CODES = [
  'invalid-input',
  'unknown-method',
  'forbidden',
  'not-found',
  'powershell-missing',
  'powershell-failed',
  'store-failed',
  'bad-file',
  'network-failed',
  'cancelled',
  'internal',
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

export interface ApiError {
  readonly code: ErrorCode
  readonly message: string
}

/** What every method returns: nothing throws across IPC or HTTP. */
export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ApiError }
