import type { z } from 'zod'
import { CoreError } from '../errors'
import type { ScriptSpec } from './script-spec'

/**
 * Turns what a script printed into its validated output, or a CoreError that says why not.
 *
 * Scripts print exactly one JSON document on stdout; on failure they print
 * `{"schemaVersion":1,"error":{"message":…}}` on stderr. Anything else is reported with the
 * start of what was printed, so a broken script or a profile that writes banners is visible.
 */
export function parseScriptOutput<O extends z.ZodType>(spec: ScriptSpec<z.ZodType, O>, stdout: string, stderr: string): z.output<O> {
  const err = stderr.replace(/^\uFEFF/, '').trim()
  if (err) {
    const reported = scriptError(err)
    throw new ScriptFailure(`${spec.file} failed: ${reported?.message ?? clip(err)}`, reported, err)
  }
  const text = stripTerminalEscapes(stdout).replace(/^\uFEFF/, '').trim()
  if (!text) throw new CoreError('powershell-failed', `${spec.file} printed nothing.`)
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new CoreError('powershell-failed', `${spec.file} printed something that is not JSON: ${clip(text)}`)
  }
  const parsed = spec.output.safeParse(json)
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    throw new CoreError('powershell-failed', `${spec.file} printed JSON of an unexpected shape (${issues.join('; ')}).`)
  }
  return parsed.data
}

/**
 * A script that ran and reported a failure. `report` is its JSON error document (message, and
 * where the script gives them hresult, errorId, stage …) so callers can classify the cause.
 */
export class ScriptFailure extends CoreError {
  constructor(
    message: string,
    readonly report: ScriptErrorReport | null,
    /** Everything the script wrote on stderr, e.g. ssh's own `Connection refused` line. */
    readonly stderr: string,
  ) {
    super('powershell-failed', message)
    this.name = 'ScriptFailure'
  }
}

/** The `error` object of a script's failure document. */
export interface ScriptErrorReport {
  readonly message: string
  readonly [key: string]: unknown
}

function scriptError(text: string): ScriptErrorReport | null {
  // A remote failure may be preceded by other stderr lines; the document is the last JSON line.
  for (const line of text.split(/\r?\n/).reverse()) {
    try {
      const doc = JSON.parse(line) as { error?: { message?: unknown } }
      if (doc.error && typeof doc.error.message === 'string') return doc.error as ScriptErrorReport
    } catch {
      // not this line
    }
  }
  return null
}

function clip(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, ' ')
  return flat.length > max ? `${flat.slice(0, max)}…` : flat
}

/** Removes ANSI/VT escape sequences a console host may add around the document. */
function stripTerminalEscapes(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '')
}
