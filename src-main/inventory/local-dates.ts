/**
 * Dates as Windows prints them in the user's format: `30-4-2018, 22:22:37`, `5/24/2018, 9:07:00 AM`,
 * `15.06.2016`, `2019/1/24, 9:46:29`, `2022/04/13`. The order of day and month is not printed,
 * so it is decided once per file from all its dates (a 13+ in one position settles it), and only
 * then from the locale. What was assumed is reported, never hidden.
 */

/** The order of day and month in a file's dates. */
export type DateOrder = 'dmy' | 'mdy' | 'ymd'

/** A date split into numbers, before the order is known. */
interface DateParts {
  readonly a: number
  readonly b: number
  readonly c: number
  readonly yearFirst: boolean
  readonly time: { h: number; m: number; s: number } | null
}

const DATE_RE = /^\s*(\d{1,4})[./-](\d{1,2})[./-](\d{1,4})(?:[\s,T]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM|a\.?\s?m\.?|p\.?\s?m\.?|上午|下午)?)?/i

function splitDate(value: string): DateParts | null {
  const m = DATE_RE.exec(value)
  if (!m) return null
  const [, p1, p2, p3, hh, mm, ss, ampm] = m
  const yearFirst = (p1 ?? '').length === 4
  if (!yearFirst && (p3 ?? '').length !== 4) return null
  let time: DateParts['time'] = null
  if (hh !== undefined && mm !== undefined) {
    let h = Number(hh)
    const marker = (ampm ?? '').toLowerCase().replace(/[.\s]/g, '')
    if ((marker === 'pm' || marker === '下午') && h < 12) h += 12
    if ((marker === 'am' || marker === '上午') && h === 12) h = 0
    time = { h, m: Number(mm), s: Number(ss ?? '0') }
  }
  return { a: Number(p1), b: Number(p2), c: Number(p3), yearFirst, time }
}

/**
 * Decides the day/month order for a set of dates from one file. `defaultOrder` is used when no
 * date settles it (every day ≤ 12); `ambiguous` tells the caller to say so.
 */
export function inferDateOrder(values: readonly string[], defaultOrder: 'dmy' | 'mdy'): { order: DateOrder; ambiguous: boolean } {
  let dmy = false
  let mdy = false
  let ymd = false
  for (const value of values) {
    const parts = splitDate(value)
    if (!parts) continue
    if (parts.yearFirst) ymd = true
    else if (parts.a > 12) dmy = true
    else if (parts.b > 12) mdy = true
  }
  if (dmy && !mdy) return { order: 'dmy', ambiguous: false }
  if (mdy && !dmy) return { order: 'mdy', ambiguous: false }
  if (ymd && !dmy && !mdy) return { order: 'ymd', ambiguous: false }
  return { order: defaultOrder, ambiguous: values.some((v) => splitDate(v) !== null && !splitDate(v)?.yearFirst) }
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0')
}

function validDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate()
  return day <= last
}

/** `2018-04-30` from a local date in the given order, or null when it is not a date. */
export function parseLocalDate(value: string, order: DateOrder): string | null {
  const parts = splitDate(value)
  if (!parts) return null
  const [year, month, day] = parts.yearFirst
    ? [parts.a, parts.b, parts.c]
    : order === 'mdy'
      ? [parts.c, parts.a, parts.b]
      : [parts.c, parts.b, parts.a]
  if (!validDate(year, month, day)) return null
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`
}

/** `2018-04-30T22:22:37` (local time, no zone: systeminfo does not say which) or just the date. */
export function parseLocalDateTime(value: string, order: DateOrder): string | null {
  const date = parseLocalDate(value, order)
  const parts = splitDate(value)
  if (!date || !parts) return null
  if (!parts.time) return date
  const { h, m, s } = parts.time
  if (h > 23 || m > 59 || s > 59) return date
  return `${date}T${pad(h)}:${pad(m)}:${pad(s)}`
}

/**
 * Win32_QuickFixEngineering.InstalledOn as old Windows stores it: a hex FILETIME
 * (`01d4dfd0fb4eb361`, Vista) or `YYYYMMDD` (`20190321`). Returns the UTC calendar date.
 */
export function parseQfeRawDate(value: string): string | null {
  const v = value.trim()
  if (/^\d{8}$/.test(v)) {
    const year = Number(v.slice(0, 4))
    const month = Number(v.slice(4, 6))
    const day = Number(v.slice(6, 8))
    return validDate(year, month, day) ? `${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6, 8)}` : null
  }
  if (/^[0-9a-f]{16}$/i.test(v)) {
    // FILETIME: 100-ns ticks since 1601-01-01 UTC.
    const ticks = BigInt(`0x${v}`)
    const ms = Number(ticks / 10_000n) - 11_644_473_600_000
    const date = new Date(ms)
    const year = date.getUTCFullYear()
    if (Number.isNaN(ms) || year < 1995 || year > 2100) return null
    return date.toISOString().slice(0, 10)
  }
  return null
}
