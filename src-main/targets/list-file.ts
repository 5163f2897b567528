import fs from 'node:fs/promises'
import { CoreError } from '../errors'
import { parseTarget, quoteForMessage, type TargetSpec } from './parse-target'

/** A list file larger than this is refused before it is read: 16 MiB is ~1 million names. */
export const LIST_FILE_MAX_BYTES = 16 * 1024 * 1024
/** How many bad lines one error message lists before it says "and N more". */
const PROBLEMS_SHOWN = 10

/** One target read from a list file, with its 1-based line number. */
export interface ListFileEntry {
  readonly line: number
  readonly spec: TargetSpec
}

/** One line that is not a valid target. */
export interface ListFileProblem {
  readonly line: number
  readonly text: string
  readonly problem: string
}

export interface ListFileContent {
  readonly entries: ReadonlyArray<ListFileEntry>
  readonly problems: ReadonlyArray<ListFileProblem>
}

/**
 * Turns the bytes of a list file into text. UTF-8 (with or without a BOM) and UTF-16 with a BOM
 * are read: Windows PowerShell 5.1's `>` and `Out-File` write UTF-16 LE, so a list made with
 * `Get-ADComputer … | Select -Expand Name > list.txt` arrives in that form. Returns a problem
 * for anything else rather than guessing.
 */
export function decodeListFile(bytes: Uint8Array): { ok: true; text: string } | { ok: false; problem: string } {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (buffer[0] === 0xff && buffer[1] === 0xfe) return { ok: true, text: buffer.subarray(2).toString('utf16le') }
  if (buffer[0] === 0xfe && buffer[1] === 0xff) {
    const swapped = Buffer.from(buffer.subarray(2))
    swapped.swap16()
    return { ok: true, text: swapped.toString('utf16le') }
  }
  const body = buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? buffer.subarray(3) : buffer
  if (body.includes(0)) {
    return { ok: false, problem: 'it contains NUL bytes: it is not a text file, or it is UTF-16 without a byte-order mark (save it as UTF-8)' }
  }
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(body) }
  } catch {
    return { ok: false, problem: 'it is not valid UTF-8 text (save it as UTF-8)' }
  }
}

/**
 * Parses the text of a list file: one target per line; blank lines and `#` comments (whole
 * lines, or after whitespace at the end of a line) are skipped; CRLF, LF and CR line ends all
 * work. A list file cannot name another list file. Every bad line is reported, not just the first.
 */
export function parseListFile(text: string): ListFileContent {
  const entries: ListFileEntry[] = []
  const problems: ListFileProblem[] = []
  const lines = text.split(/\r\n|\n|\r/)
  for (const [index, raw] of lines.entries()) {
    const line = index + 1
    const content = stripComment(raw).trim()
    if (content === '') continue
    const parsed = parseTarget(content)
    if (!parsed.ok) {
      problems.push({ line, text: content, problem: parsed.problem })
    } else if (parsed.spec.kind === 'list-file') {
      problems.push({ line, text: content, problem: 'a list file cannot include another list file' })
    } else {
      entries.push({ line, spec: parsed.spec })
    }
  }
  return { entries, problems }
}

/**
 * Reads and parses a list file. Throws `CoreError('bad-file')` naming the file and every bad
 * line (the first ten, then a count), so the admin can fix the file in one pass.
 */
export async function readListFile(path: string, maxBytes = LIST_FILE_MAX_BYTES): Promise<ReadonlyArray<ListFileEntry>> {
  let bytes: Buffer
  try {
    const stat = await fs.stat(path)
    if (!stat.isFile()) throw new CoreError('bad-file', `The list file ${path} is not a file.`)
    if (stat.size > maxBytes) {
      throw new CoreError('bad-file', `The list file ${path} is ${stat.size} bytes, more than the ${maxBytes} a list file may have.`)
    }
    bytes = await fs.readFile(path)
  } catch (error) {
    if (error instanceof CoreError) throw error
    const code = (error as NodeJS.ErrnoException).code
    const why = code === 'ENOENT' ? 'it does not exist' : code === 'EACCES' ? 'permission was denied' : (error as Error).message
    throw new CoreError('bad-file', `Cannot read the list file ${path}: ${why}.`, { cause: error })
  }
  const decoded = decodeListFile(bytes)
  if (!decoded.ok) throw new CoreError('bad-file', `The list file ${path} cannot be read: ${decoded.problem}.`)
  const { entries, problems } = parseListFile(decoded.text)
  if (problems.length > 0) throw new CoreError('bad-file', describeProblems(path, problems))
  return entries
}

/** One message for every bad line of a list file. */
export function describeProblems(path: string, problems: ReadonlyArray<ListFileProblem>): string {
  const shown = problems.slice(0, PROBLEMS_SHOWN).map((p) => `line ${p.line}: ${quoteForMessage(p.text, 80)}: ${p.problem}`)
  const more = problems.length > PROBLEMS_SHOWN ? `; and ${problems.length - PROBLEMS_SHOWN} more bad lines` : ''
  const count = problems.length === 1 ? 'a bad line' : `${problems.length} bad lines`
  return `The list file ${path} has ${count}; fix ${problems.length === 1 ? 'it' : 'them'} and try again. ${shown.join('; ')}${more}.`
}

function stripComment(line: string): string {
  if (line.trimStart().startsWith('#')) return ''
  const match = /\s#/.exec(line)
  return match ? line.slice(0, match.index) : line
}
