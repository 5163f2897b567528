import { CoreError } from '../errors'

/** Writes the one JSON document of a `--json` run. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`)
}

/** Writes a line for a person. */
export function printLine(text = ''): void {
  process.stdout.write(`${text}\n`)
}

/** Errors always go to stderr, as one line a person can act on. */
export function reportFailure(error: unknown): void {
  const message = error instanceof CoreError ? error.message : error instanceof Error ? error.message : String(error)
  process.stderr.write(`patchlane: ${message}\n`)
}

/** Human-readable size: 65536 → "64 KiB". */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit += 1
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`
}
