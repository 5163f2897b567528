import type { ApiError, ErrorCode } from './contract/errors'

/**
 * An error raised inside the Node side, with a code the renderer understands.
 *
 * Messages are written for an administrator: what failed, where, and what to do.
 */
export class CoreError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
    this.name = 'CoreError'
  }
}

/** Turns anything thrown into the `ApiError` that crosses a boundary; never leaks a stack. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof CoreError) return { code: error.code, message: error.message }
  const message = error instanceof Error ? error.message : String(error)
  return { code: 'internal', message: `Unexpected error: ${message}` }
}

/** For exhaustive switches: the compiler proves this is never reached. */
export function assertNever(value: never, what = 'value'): never {
  throw new CoreError('internal', `unexpected ${what}: ${JSON.stringify(value)}`)
}
