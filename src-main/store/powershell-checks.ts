import type { Database } from 'better-sqlite3'
import type { PowerShellCheck, PowerShellHostReport } from '../contract/schemas/system'

interface Row {
  id: number
  checked_at: string
  executable: string | null
  ps_version: string | null
  edition: string | null
  os: string | null
  is_admin: number | null
  computer_name: string | null
  problem: string | null
}

/** Stores one "Check PowerShell" outcome: a report, or the problem that prevented one. */
export function insertPowerShellCheck(
  db: Database,
  check: { checkedAt: string; executable: string | null; report: PowerShellHostReport | null; problem: string | null },
): PowerShellCheck {
  const { report } = check
  const info = db
    .prepare(
      `INSERT INTO powershell_checks (checked_at, executable, ps_version, edition, os, is_admin, computer_name, problem)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      check.checkedAt,
      check.executable,
      report?.psVersion ?? null,
      report?.edition ?? null,
      report?.os ?? null,
      report ? Number(report.isAdmin) : null,
      report?.computerName ?? null,
      report ? null : (check.problem ?? 'unknown problem'),
    )
  return { id: Number(info.lastInsertRowid), ...check, problem: report ? null : (check.problem ?? 'unknown problem') }
}

/** The newest check, or null when PowerShell was never checked. */
export function latestPowerShellCheck(db: Database): PowerShellCheck | null {
  const row = db.prepare(`SELECT * FROM powershell_checks ORDER BY checked_at DESC, id DESC LIMIT 1`).get() as Row | undefined
  return row ? fromRow(row) : null
}

function fromRow(row: Row): PowerShellCheck {
  return {
    id: row.id,
    checkedAt: row.checked_at,
    executable: row.executable,
    problem: row.problem,
    report:
      row.ps_version === null
        ? null
        : {
            schemaVersion: 1,
            psVersion: row.ps_version,
            edition: row.edition === 'Desktop' ? 'Desktop' : 'Core',
            os: row.os ?? '',
            isAdmin: row.is_admin === 1,
            computerName: row.computer_name ?? '',
          },
  }
}
