import type { Database } from 'better-sqlite3'
import { HostError, type ScanHost, type ScanHostState, type ScanState, type ScanSummary } from '../contract/schemas/scan'

/** Host states a resumed scan runs again: everything not final. */
export const RESUMABLE_STATES: ReadonlyArray<ScanHostState> = ['queued', 'probing', 'collecting', 'assessing', 'cancelled']

interface ScanRow {
  id: string
  created_at: string
  finished_at: string | null
  state: ScanState
  label: string
  options: string
  owner_pid: number | null
}

interface HostRow {
  id: number
  scan_id: string
  target: string
  address: string | null
  state: ScanHostState
  transport: string | null
  probe: string | null
  error: string | null
  started_at: string | null
  finished_at: string | null
}

/** Creates a scan and queues its hosts, in one transaction. */
export function insertScan(
  db: Database,
  scan: { id: string; createdAt: string; label: string; options: unknown; ownerPid: number },
  hosts: ReadonlyArray<{ target: string; address: string | null }>,
): void {
  db.transaction(() => {
    db.prepare(`INSERT INTO scans (id, created_at, state, label, options, owner_pid) VALUES (?, ?, 'running', ?, ?, ?)`).run(
      scan.id,
      scan.createdAt,
      scan.label,
      JSON.stringify(scan.options),
      scan.ownerPid,
    )
    const insert = db.prepare(`INSERT INTO scan_hosts (scan_id, position, target, address, state) VALUES (?, ?, ?, ?, 'queued')`)
    hosts.forEach((host, position) => insert.run(scan.id, position, host.target, host.address))
  })()
}

/** The options a scan was started with, as stored (parsed by the caller's schema). */
export function scanOptions(db: Database, scanId: string): unknown {
  const text = db.prepare(`SELECT options FROM scans WHERE id = ?`).pluck().get(scanId) as string | undefined
  return text === undefined ? undefined : (JSON.parse(text) as unknown)
}

export function getScanSummary(db: Database, scanId: string): ScanSummary | null {
  const row = db.prepare(`SELECT * FROM scans WHERE id = ?`).get(scanId) as ScanRow | undefined
  return row ? toSummary(row, countHosts(db, scanId)) : null
}

/** Newest first. */
export function listScanSummaries(db: Database, limit = 200): ScanSummary[] {
  const rows = db.prepare(`SELECT * FROM scans ORDER BY created_at DESC LIMIT ?`).all(limit) as ScanRow[]
  return rows.map((row) => toSummary(row, countHosts(db, row.id)))
}

export function listScanHosts(db: Database, scanId: string, states?: ReadonlyArray<ScanHostState>): ScanHost[] {
  const rows = db.prepare(`SELECT * FROM scan_hosts WHERE scan_id = ? ORDER BY position`).all(scanId) as HostRow[]
  return rows.filter((row) => !states || states.includes(row.state)).map(toHost)
}

export function getScanHost(db: Database, hostId: number): ScanHost | null {
  const row = db.prepare(`SELECT * FROM scan_hosts WHERE id = ?`).get(hostId) as HostRow | undefined
  return row ? toHost(row) : null
}

/** The raw inventory document kept for a host, or null. */
export function getHostInventoryJson(db: Database, hostId: number): unknown {
  const text = db.prepare(`SELECT inventory FROM scan_hosts WHERE id = ?`).pluck().get(hostId) as string | null | undefined
  return text ? (JSON.parse(text) as unknown) : null
}

export function countHosts(db: Database, scanId: string): Record<ScanHostState, number> {
  const counts: Record<ScanHostState, number> = { queued: 0, probing: 0, collecting: 0, assessing: 0, done: 0, failed: 0, unreachable: 0, cancelled: 0 }
  const rows = db.prepare(`SELECT state, COUNT(*) AS n FROM scan_hosts WHERE scan_id = ? GROUP BY state`).all(scanId) as Array<{ state: ScanHostState; n: number }>
  for (const row of rows) counts[row.state] = row.n
  return counts
}

/** Moves a host to a working state (probing, collecting, assessing). */
export function setHostState(db: Database, hostId: number, state: ScanHostState, at: string): void {
  db.prepare(`UPDATE scan_hosts SET state = ?, started_at = COALESCE(started_at, ?) WHERE id = ?`).run(state, at, hostId)
}

/** Records the transport chosen for a host when its collection starts, so a failure shows what was tried. */
export function setHostTransport(db: Database, hostId: number, transport: string): void {
  db.prepare(`UPDATE scan_hosts SET transport = ? WHERE id = ?`).run(transport, hostId)
}

/** Records the probe's answer (open ports, names) as soon as it is known. */
export function setHostProbe(db: Database, hostId: number, probe: { address: string | null; openPorts: ReadonlyArray<number> } & Record<string, unknown>): void {
  db.prepare(`UPDATE scan_hosts SET probe = ?, address = COALESCE(?, address) WHERE id = ?`).run(JSON.stringify(probe), probe.address, hostId)
}

/**
 * Commits a host's final outcome in one statement: a crash after this line loses nothing of it.
 */
export function finishHost(
  db: Database,
  hostId: number,
  outcome: { state: ScanHostState; at: string; transport?: string | null; inventory?: unknown; error?: HostError | null },
): void {
  db.prepare(`UPDATE scan_hosts SET state = ?, finished_at = ?, transport = COALESCE(?, transport), inventory = COALESCE(?, inventory), error = ? WHERE id = ?`).run(
    outcome.state,
    outcome.at,
    outcome.transport ?? null,
    outcome.inventory === undefined ? null : JSON.stringify(outcome.inventory),
    outcome.error ? JSON.stringify(outcome.error) : null,
    hostId,
  )
}

export function setScanState(db: Database, scanId: string, state: ScanState, at: string | null, ownerPid: number | null): void {
  db.prepare(`UPDATE scans SET state = ?, finished_at = ?, owner_pid = ? WHERE id = ?`).run(state, at, ownerPid, scanId)
}

/**
 * Marks as interrupted every running scan whose process is gone (killed, crashed, power cut).
 * Hosts it had not finished keep their state and run again on resume.
 */
export function markInterruptedScans(db: Database, isAlive: (pid: number) => boolean): string[] {
  const running = db.prepare(`SELECT id, owner_pid FROM scans WHERE state = 'running'`).all() as Array<{ id: string; owner_pid: number | null }>
  const dead = running.filter((row) => row.owner_pid === null || !isAlive(row.owner_pid)).map((row) => row.id)
  const mark = db.prepare(`UPDATE scans SET state = 'interrupted', owner_pid = NULL WHERE id = ?`)
  db.transaction(() => dead.forEach((id) => mark.run(id)))()
  return dead
}

function toSummary(row: ScanRow, counts: Record<ScanHostState, number>): ScanSummary {
  return { id: row.id, createdAt: row.created_at, finishedAt: row.finished_at, state: row.state, label: row.label, counts }
}

function toHost(row: HostRow): ScanHost {
  const probe = row.probe ? (JSON.parse(row.probe) as { openPorts?: number[] }) : null
  return {
    id: row.id,
    scanId: row.scan_id,
    target: row.target,
    address: row.address,
    state: row.state,
    transport: row.transport,
    openPorts: probe?.openPorts ?? [],
    error: row.error ? HostError.parse(JSON.parse(row.error)) : null,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  }
}
