import type { ScanProgress } from '../../contract/schemas/scan'

/** One line of live progress for a person: `[ 12/254] 10.0.0.7  done (ssh)`. */
export function renderProgressLine(event: ScanProgress): string {
  const counts = event.counts
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0)
  const finished = counts.done + counts.failed + counts.unreachable + counts.cancelled
  const width = String(total).length
  const host = event.host
  const where = host.address && host.address !== host.target ? `${host.target} (${host.address})` : host.target
  let state: string = host.state
  if (host.state === 'done' && host.transport) state = `done over ${host.transport}`
  if ((host.state === 'failed' || host.state === 'unreachable') && host.error) state = `${host.state}: ${host.error.cause}`
  if (host.state === 'queued' && host.openPorts.length > 0) state = `answered on ${host.openPorts.join(', ')}`
  return `[${String(finished).padStart(width)}/${total}] ${where}  ${state}`
}
