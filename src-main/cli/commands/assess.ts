import type { Command } from 'commander'
import type { HostAssessment } from '../../contract/schemas/assessment'
import { assessFiles } from '../../assess/assess-files'
import { scanHostChanges } from '../../assess/assessment-changes'
import { assessmentChangesLine } from '../../assess/assessment-changes-line'
import { wuaAgreementLine } from '../../assess/wua-agreement-line'
import { wuaSideBySideOf } from '../../assess/wua-side-by-side'
import { CoreError } from '../../errors'
import { osFromProductName } from '../../inventory/os-from-product-name'
import { printJson, printLine } from '../output'
import { withServices } from '../open-services'

interface AssessOptions {
  systeminfo?: string[]
  qfe?: string
  os?: string
  inventory?: string[]
  scan?: string
  json?: boolean
}

/** Exit codes: 0 nothing critical missing, 4 a critical update or an exploited CVE is open, 1 a file failed. */
export const ASSESS_EXIT = { ok: 0, failed: 1, usage: 2, criticalMissing: 4 } as const

/** `patchlane assess`: judge systeminfo, hotfix-list or inventory files against the catalog. */
export function registerAssess(program: Command): void {
  const collect = (value: string, previous: string[] = []) => [...previous, value]
  program
    .command('assess')
    .description('Assess systeminfo, wmic qfe / Get-HotFix or inventory files against the catalog.')
    .option('--systeminfo <file>', 'systeminfo output, any language or encoding (repeatable)', collect)
    .option('--qfe <file>', 'wmic qfe or Get-HotFix output; give the OS with --os')
    .option('--os <name>', 'the MSRC product name of the --qfe host, e.g. "Windows 10 Version 1809 for x64-based Systems"')
    .option('--inventory <file>', 'collector or HostInventory JSON (repeatable)', collect)
    .option('--scan <id>', 're-assess every host of a kept scan with the catalog held now (no network)')
    .option('--json', 'print one JSON document (an array when several files are given)')
    .action(async (options: AssessOptions) => {
      process.exitCode = await assess(options)
    })
}

async function assess(options: AssessOptions): Promise<number> {
  const files = [...(options.systeminfo ?? []), ...(options.qfe ? [options.qfe] : []), ...(options.inventory ?? [])]
  if (options.scan) {
    if (files.length > 0) throw new CoreError('invalid-input', '--scan takes no files.')
    return reassessScan(options.scan, options.json ?? false)
  }
  if (files.length === 0) throw new CoreError('invalid-input', 'Give what to assess: --systeminfo FILE, --qfe FILE --os NAME, --inventory FILE, or --scan ID.')
  if (options.qfe && !options.os) throw new CoreError('invalid-input', '--qfe needs --os: a hotfix list does not say which Windows it came from.')
  if (options.os && !options.qfe) throw new CoreError('invalid-input', '--os goes with --qfe.')
  const os = options.os ? osFromProductName(options.os) : null
  if (options.os && !os) throw new CoreError('invalid-input', `--os "${options.os}" is not a Windows product name MSRC uses, e.g. "Windows 11 Version 23H2 for x64-based Systems".`)

  return withServices(async (services) => {
    const { results, ruleProblems } = assessFiles(services.db, files, { now: services.now(), os, dataDir: services.dataDir })
    ruleProblems.forEach((problem) => process.stderr.write(`patchlane: ${problem}\n`))
    const failed = results.filter((r) => 'error' in r)
    failed.forEach((r) => 'error' in r && process.stderr.write(`patchlane: ${r.error}\n`))
    const assessments = results.flatMap((r) => ('assessment' in r ? [r.assessment] : []))
    if (options.json) printJson(files.length === 1 ? (assessments[0] ?? null) : assessments)
    else assessments.forEach(printAssessment)
    if (failed.length > 0) return ASSESS_EXIT.failed
    const critical = assessments.some((a) => a.summary.missingCritical > 0 || a.summary.exposedExploited > 0 || a.summary.exposedKev > 0)
    return critical ? ASSESS_EXIT.criticalMissing : ASSESS_EXIT.ok
  })
}

async function reassessScan(scanId: string, json: boolean): Promise<number> {
  return withServices(async (services) => {
    if (!services.scans.get(scanId)) throw new CoreError('not-found', `No scan ${scanId}.`)
    const results = services.assessments.reassessScan(scanId)
    services.assessments.ruleProblems().forEach((problem) => process.stderr.write(`patchlane: ${problem}\n`))
    const assessments = results.map((r) => r.assessment)
    // Re-compared with the agent's answer kept with the scan, where the scan asked the agent.
    const sides = results.map((r) => wuaSideBySideOf(services.db, r.scanHostId, r.assessment))
    // Against the host's assessment before this one (null the first time it is assessed).
    const changes = results.map((r) => scanHostChanges(services.db, r.scanHostId))
    if (json) printJson(assessments.map((a, i) => ({ ...a, ...(sides[i] ? { wua: sides[i] } : {}), changes: changes[i] ?? null })))
    else
      assessments.forEach((a, i) => {
        printAssessment(a)
        const side = sides[i]
        if (side) printLine(`  ${wuaAgreementLine(side)}`)
        const change = changes[i]
        if (change) printLine(`  ${assessmentChangesLine(change)}`)
      })
    const critical = assessments.some((a) => a.summary.missingCritical > 0 || a.summary.exposedExploited > 0 || a.summary.exposedKev > 0)
    return critical ? ASSESS_EXIT.criticalMissing : ASSESS_EXIT.ok
  })
}

function printAssessment(a: HostAssessment): void {
  const s = a.summary
  printLine(`${a.host.name ?? '(unnamed host)'} — ${a.host.product ?? 'unknown product'}, build ${a.host.build ?? '?'} (${a.host.buildSource})`)
  printLine(`  catalog as of ${a.catalog.asOf ?? 'never'}; ${a.host.buildReason}`)
  printLine(`  ${s.missingUpdates} update(s) to install, ${s.exposedCves} CVE(s) open (${s.exposedExploited} exploited, ${s.exposedKev} on CISA KEV), ${s.mitigatedCves} mitigated, ${s.unconfirmed} cannot be confirmed; ${s.daysBehind} days behind`)
  for (const u of a.updates.filter((u) => u.state === 'missing' || u.state === 'unconfirmed' || u.state === 'pending-reboot')) {
    const mark = u.state === 'missing' ? 'X' : u.state === 'unconfirmed' ? '*' : '!'
    printLine(`  [${mark}] ${u.kb ?? '(no KB)'} ${u.state} ${u.severity ?? ''} ${u.cves.length} CVE(s)${u.exploited ? ' exploited' : ''}${u.kev ? ' KEV' : ''}`)
    printLine(`      ${u.reason}`)
  }
  a.notes.forEach((note) => printLine(`  note: ${note}`))
  printLine()
}
