/**
 * Small pure functions every catalog consumer shares: product names, fixed builds, KB numbers.
 *
 * The assessment engine reuses these so a host's product name and build are compared with the
 * catalog's in exactly the same form.
 */

/**
 * The form product names are matched in: lower case, runs of white space collapsed to one
 * space, trimmed. Microsoft's data has names that differ only by that, e.g.
 * `Windows Server 2016  (Server Core installation)` vs `Windows Server 2016 (Server Core installation)`.
 */
export function normaliseProductName(name: string): string {
  return name.replace(/\s+/g, ' ').trim().toLowerCase()
}

/** Width of each zero-padded numeric part of a build key: UBRs reach 5 digits, room for 7. */
const PART_WIDTH = 7

/**
 * A sortable key for a dotted build such as `10.0.22631.4602`: each numeric part zero-padded,
 * so plain string order is numeric order (`10.0.22631.04602` < `10.0.22631.10000`). Returns null
 * when the text is not a dotted number (Mariner package versions such as `1.2.3-4.cm2` are kept
 * verbatim in `fixed_build` but get no key).
 */
export function buildKey(build: string | null | undefined): string | null {
  if (!build) return null
  const text = build.trim()
  if (!/^\d+(\.\d+){0,5}$/.test(text)) return null
  return text
    .split('.')
    .map((part) => part.replace(/^0+(?=\d)/, '').padStart(PART_WIDTH, '0'))
    .join('.')
}

/**
 * Compares two dotted builds numerically part by part (missing parts count as 0).
 * Negative when `a` is older than `b`.
 */
export function compareBuilds(a: string, b: string): number {
  const left = a.split('.').map(Number)
  const right = b.split('.').map(Number)
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const diff = (left[i] ?? 0) - (right[i] ?? 0)
    if (diff !== 0) return diff
  }
  return 0
}

/**
 * The KB number of a remediation description: `5068906`, `KB5068906` → `5068906`; anything else
 * (a Mariner release name, "Release Notes", a URL) → null.
 */
export function kbNumber(text: string | null | undefined): string | null {
  if (!text) return null
  const match = /^\s*(?:KB)?(\d{6,8})\s*$/i.exec(text)
  return match ? match[1]! : null
}

/** Every KB number inside a Supercedence text such as `MS16-016, 3124280; MS16-097, 3178034`. */
export function supersededKbs(text: string | null | undefined): string[] {
  if (!text) return []
  const found = text.match(/(?<![\w-])\d{6,8}(?!\w)/g) ?? []
  return [...new Set(found)]
}

/** A CVE id in canonical upper case, or null if the text is not one. */
export function normaliseCve(text: string): string | null {
  const match = /^\s*(CVE-\d{4}-\d{4,})\s*$/i.exec(text)
  return match ? match[1]!.toUpperCase() : null
}

/**
 * Orders two revisions of one document: by CurrentReleaseDate, then revision number (dotted
 * numeric, e.g. `421` or `32.1`). Positive when `a` is newer.
 */
export function compareRevisions(
  a: { currentReleaseDate: string; revision: string | null },
  b: { currentReleaseDate: string; revision: string | null },
): number {
  const byDate = normaliseDate(a.currentReleaseDate).localeCompare(normaliseDate(b.currentReleaseDate))
  if (byDate !== 0) return byDate
  return compareBuilds(numericRevision(a.revision), numericRevision(b.revision))
}

function numericRevision(revision: string | null): string {
  return revision && /^\d+(\.\d+)*$/.test(revision.trim()) ? revision.trim() : '0'
}

/**
 * CVRF dates come without a zone (`2025-11-11T00:00:00`), the /updates index with `Z`; both are
 * UTC. Returns `YYYY-MM-DDTHH:MM:SSZ` so that text order is time order.
 */
export function normaliseDate(text: string): string {
  const trimmed = text.trim()
  const match = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?))?/.exec(trimmed)
  if (!match) return trimmed
  const time = match[2] ? (match[2].length === 5 ? `${match[2]}:00` : match[2]) : '00:00:00'
  if (/[+-]\d{2}:?\d{2}$/.test(trimmed)) {
    const parsed = new Date(trimmed)
    if (!Number.isNaN(parsed.getTime())) return parsed.toISOString().replace(/\.\d{3}Z$/, 'Z')
  }
  return `${match[1]}T${time}Z`
}
