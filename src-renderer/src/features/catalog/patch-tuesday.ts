/**
 * Microsoft's monthly release day: the second Tuesday of the month, as a UTC date.
 */
export function patchTuesday(year: number, month: number): Date {
  const first = new Date(Date.UTC(year, month, 1))
  const firstTuesday = 1 + ((2 - first.getUTCDay() + 7) % 7)
  return new Date(Date.UTC(year, month, firstTuesday + 7))
}

/**
 * How many Patch Tuesdays fell after `asOf` and on or before `today` (by calendar date, UTC):
 * the monthly releases a catalog of that date does not know about. 0 means current.
 */
export function patchTuesdaysBehind(asOf: Date, today: Date): number {
  const from = utcDay(asOf)
  const to = utcDay(today)
  if (to <= from) return 0
  let count = 0
  let year = new Date(from).getUTCFullYear()
  let month = new Date(from).getUTCMonth()
  for (;;) {
    const release = patchTuesday(year, month).getTime()
    if (release > to) return count
    if (release > from) count += 1
    month += 1
    if (month === 12) {
      month = 0
      year += 1
    }
  }
}

function utcDay(date: Date): number {
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate())
}
