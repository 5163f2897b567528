import path from 'node:path'
import type { Database } from 'better-sqlite3'
import { wuaAgreementLine } from '../../assess/wua-agreement-line'
import { wuaSideBySideOf } from '../../assess/wua-side-by-side'
import type { ScanHost } from '../../contract/schemas/scan'
import { WuaMode } from '../../contract/schemas/wua'
import { CoreError } from '../../errors'
import { assertCabFileReadable } from '../../scan/wua-cab-file'
import type { WuaRequest } from '../../scan/wua-options'
import { printLine } from '../output'

/**
 * `--wua online|offline [--cab FILE]` as a scan's agent search. The cab is checked here, before
 * anything is stored or any host is touched, and kept as an absolute path so `--resume` finds it
 * from any folder.
 */
export function wuaFromCli(mode: string | undefined, cab: string | undefined): WuaRequest | undefined {
  if (mode === undefined) {
    if (cab !== undefined) throw new CoreError('invalid-input', '--cab goes with --wua offline.')
    return undefined
  }
  const parsed = WuaMode.safeParse(mode)
  if (!parsed.success) throw new CoreError('invalid-input', `--wua must be online or offline (got ${mode}).`)
  if (parsed.data === 'online') {
    if (cab !== undefined) throw new CoreError('invalid-input', '--cab is only for --wua offline: an online search asks the host’s own update source (WSUS or Microsoft Update).')
    return { mode: 'online' }
  }
  if (cab === undefined) throw new CoreError('invalid-input', '--wua offline needs --cab FILE: the wsusscn2.cab to copy to each host (https://go.microsoft.com/fwlink/?LinkId=76054).')
  const cabFile = path.resolve(cab)
  assertCabFileReadable(cabFile)
  return { mode: 'offline', cabFile }
}

/** One line per scanned host that brought an agent answer: `  pc1: Windows Update Agent: 3 missing, agrees`. */
export function printWuaAgreements(db: Database, hosts: ReadonlyArray<ScanHost>): void {
  for (const host of hosts) {
    const side = host.state === 'done' ? wuaSideBySideOf(db, host.id) : null
    if (side) printLine(`  ${host.target}: ${wuaAgreementLine(side)}`)
  }
}
