import type { z } from 'zod'

/**
 * A PowerShell script file with the schema of its parameters and of the JSON it prints.
 *
 * The core asks for scripts by spec and never builds command strings itself.
 */
export interface ScriptSpec<P extends z.ZodType, O extends z.ZodType> {
  /** File name under the scripts folder, Verb-Noun.ps1. */
  readonly file: string
  readonly params: P
  readonly output: O
  readonly timeoutMs: number
}

export function defineScript<P extends z.ZodType, O extends z.ZodType>(spec: ScriptSpec<P, O>): ScriptSpec<P, O> {
  return spec
}
