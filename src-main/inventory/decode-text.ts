import { decodeOem, OEM_CODE_PAGES } from './oem-code-pages'

/**
 * Turns the bytes of a text file captured on Windows into a string, whatever wrote it:
 * - PowerShell `>` redirection: UTF-16LE with a byte-order mark;
 * - cmd.exe redirection: the console's OEM code page (850 in Western Europe, 866 Cyrillic, 936 GBK …);
 * - Notepad, newer tools, copies through other systems: UTF-8, with or without BOM;
 * - old `wmic` on XP: an ASCII notice ("Please wait while WMIC is being installed.") followed by
 *   UTF-16LE without BOM.
 *
 * Legacy encodings cannot be told apart from the bytes alone, so the caller may pass a `score`
 * function (e.g. "how many systeminfo labels does this text contain"); the best-scoring decoding
 * wins, and ties go to the order below (Western OEM first: the most common redirected console).
 */

/** A decoded text and how it was decoded. */
export interface DecodedText {
  readonly text: string
  /** WHATWG label or OEM code page name: `utf-8`, `utf-16le`, `ibm850`, `gbk` … */
  readonly encoding: string
  readonly hadBom: boolean
}

/** Legacy encodings tried when the bytes are neither UTF-16 nor valid UTF-8. */
const LEGACY_WHATWG = ['gbk', 'ibm866', 'windows-1252', 'windows-1251', 'windows-1250', 'shift_jis', 'euc-kr', 'big5'] as const

/** Decodes with the WHATWG decoder; `fatal` throws on invalid sequences. */
function whatwg(bytes: Uint8Array, label: string, fatal = false): string {
  return new TextDecoder(label, { fatal, ignoreBOM: true }).decode(bytes)
}

/** Where UTF-16LE without BOM starts (an ASCII prefix may come first), or -1 when it is not UTF-16. */
function utf16Start(bytes: Uint8Array): number {
  const sample = bytes.subarray(0, Math.min(bytes.length, 4096))
  let zeros = 0
  for (const b of sample) if (b === 0) zeros += 1
  // ASCII-range UTF-16 has a zero in every other byte; legacy text has none.
  if (zeros < sample.length / 5) return -1
  const firstZero = sample.indexOf(0)
  if (firstZero < 1) return -1
  return firstZero - 1
}

/** Characters that a wrong legacy decoding typically produces (box drawing, controls, replacement). */
function implausibility(text: string): number {
  let bad = 0
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0
    if (code === 0xfffd || (code < 0x20 && ch !== '\r' && ch !== '\n' && ch !== '\t') || (code >= 0x2500 && code <= 0x25ff)) bad += 1
  }
  return bad
}

/**
 * Decodes a captured text file. `score` ranks candidate decodings of legacy bytes (higher is
 * better); without it, the decoding with the fewest implausible characters wins.
 */
export function decodeText(bytes: Uint8Array, score?: (text: string) => number): DecodedText {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: whatwg(bytes.subarray(3), 'utf-8'), encoding: 'utf-8', hadBom: true }
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: whatwg(bytes.subarray(2), 'utf-16le'), encoding: 'utf-16le', hadBom: true }
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: whatwg(bytes.subarray(2), 'utf-16be'), encoding: 'utf-16be', hadBom: true }
  }
  const start = utf16Start(bytes)
  if (start >= 0) {
    const prefix = whatwg(bytes.subarray(0, start), 'windows-1252')
    return { text: prefix + whatwg(bytes.subarray(start), 'utf-16le'), encoding: 'utf-16le', hadBom: false }
  }
  try {
    return { text: whatwg(bytes, 'utf-8', true), encoding: 'utf-8', hadBom: false }
  } catch {
    // Not UTF-8: a legacy code page. Rank the candidates.
  }
  const candidates: DecodedText[] = [
    ...OEM_CODE_PAGES.map((cp) => ({ text: decodeOem(bytes, cp), encoding: cp, hadBom: false })),
    ...LEGACY_WHATWG.map((label) => ({ text: whatwg(bytes, label), encoding: label, hadBom: false })),
  ]
  let best = candidates[0] as DecodedText
  let bestRank = Number.NEGATIVE_INFINITY
  for (const candidate of candidates) {
    const rank = (score ? score(candidate.text) * 1000 : 0) - implausibility(candidate.text)
    if (rank > bestRank) {
      best = candidate
      bestRank = rank
    }
  }
  return best
}

/** Splits text into lines, accepting CRLF, LF and CR-only line ends (XP's wmic writes CR CR LF). */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/)
}
