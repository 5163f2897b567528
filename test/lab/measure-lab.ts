/**
 * Measures the lab (run as root: `npx tsx test/lab/measure-lab.ts [hosts]`): time of `up`, one
 * Invoke-Command round trip over SSH (bare and with a CIM query), sshd memory while idle, the
 * memory of one remote pwsh session, one Invoke-Command to every host, 16 at a time, and
 * time of `down`. Prints one JSON document. Figures, not assertions: the machine is shared.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import { findPowerShell } from '../../src-main/powershell/find-powershell'
import { labDown } from './lab-down'
import { logToStderr } from './lab-exec'
import { labDir } from './lab-layout'
import { acquireLabLock, releaseLabLock } from './lab-lock'
import { parseLabOptions } from './lab-options'
import { readLabState } from './lab-state'
import { labUp } from './lab-up'

const hosts = Number(process.argv[2] ?? 20)
const dir = labDir()
const pwsh = findPowerShell().executable
if (!pwsh) throw new Error('pwsh not found')

acquireLabLock(dir, process.pid)
const t0 = performance.now()
const up = await labUp(dir, parseLabOptions(hosts, {}), logToStderr).catch(async (error: unknown) => {
  await labDown(dir, logToStderr)
  releaseLabLock(dir, process.pid, false)
  throw error
})
const upMs = Math.round(performance.now() - t0)

const state = readLabState(dir)
const rssKb = (state?.hosts ?? []).reduce((sum, h) => sum + (h.sshdPid ? procKb(h.sshdPid, 'status', 'VmRSS') : 0), 0)
// Proportional set size: shared pages divided among the processes sharing them, so the sum is real memory.
const pssKb = (state?.hosts ?? []).reduce((sum, h) => sum + (h.sshdPid ? procKb(h.sshdPid, 'smaps_rollup', 'Pss') : 0), 0)

const first = up.hosts[0]
if (!first) throw new Error('no hosts')
// One pwsh, several round trips: pwsh's own start-up is not part of a round trip.
const script = `
$o = @{ StrictHostKeyChecking = 'no'; UserKnownHostsFile = '/dev/null'; LogLevel = 'ERROR' }
$bare = foreach ($i in 1..3) { $w = [Diagnostics.Stopwatch]::StartNew(); $null = Invoke-Command -HostName $env:LAB_ADDRESS -UserName $env:LAB_USER -KeyFilePath $env:LAB_KEY -Options $o -ScriptBlock { 1 }; $w.ElapsedMilliseconds }
$cim = foreach ($i in 1..3) { $w = [Diagnostics.Stopwatch]::StartNew(); $null = Invoke-Command -HostName $env:LAB_ADDRESS -UserName $env:LAB_USER -KeyFilePath $env:LAB_KEY -Options $o -ScriptBlock { Get-CimInstance Win32_OperatingSystem; Get-CimInstance Win32_QuickFixEngineering }; $w.ElapsedMilliseconds }
$s = New-PSSession -HostName $env:LAB_ADDRESS -UserName $env:LAB_USER -KeyFilePath $env:LAB_KEY -Options $o
$reuse = foreach ($i in 1..3) { $w = [Diagnostics.Stopwatch]::StartNew(); $null = Invoke-Command -Session $s -ScriptBlock { Get-CimInstance Win32_OperatingSystem }; $w.ElapsedMilliseconds }
$all = @(Get-Content -LiteralPath $env:LAB_LIST)
$w = [Diagnostics.Stopwatch]::StartNew()
# Invoke-Command has no -ThrottleLimit with -HostName: one runspace per connection instead.
$fan = @($all | ForEach-Object -ThrottleLimit 16 -Parallel { Invoke-Command -HostName $_ -UserName $env:LAB_USER -KeyFilePath $env:LAB_KEY -Options $using:o -ScriptBlock { (Get-CimInstance Win32_OperatingSystem).Caption } })
$fanOut = @{ hosts = $all.Count; answered = $fan.Count; ms = $w.ElapsedMilliseconds }
$sessionRssMb = [int](Invoke-Command -Session $s -ScriptBlock { [math]::Round((Get-Process -Id $PID).WorkingSet64 / 1MB) })
Remove-PSSession $s
[Console]::Out.WriteLine((@{ bare = @($bare); cim = @($cim); reusedSession = @($reuse); remotePwshRssMb = $sessionRssMb; allHostsThrottle16 = $fanOut } | ConvertTo-Json -Compress))
`
let roundTrips: unknown
let downMs = 0
try {
  const env = { ...process.env, LAB_ADDRESS: first.address, LAB_USER: up.user, LAB_KEY: up.keyFile, LAB_LIST: up.listFile }
  const out = execFileSync(pwsh, ['-NoLogo', '-NoProfile', '-Command', script], { encoding: 'utf8', env })
  roundTrips = JSON.parse(out.split('\n').filter((l) => l.startsWith('{')).at(-1) ?? '{}')
} finally {
  const t1 = performance.now()
  await labDown(dir, logToStderr)
  downMs = Math.round(performance.now() - t1)
  releaseLabLock(dir, process.pid, false)
}

process.stdout.write(`${JSON.stringify({ hosts, upMs, downMs, sshdIdleRssKbTotal: rssKb, sshdIdleRssKbEach: Math.round(rssKb / hosts), sshdIdlePssKbTotal: pssKb, roundTripMs: roundTrips, load: fs.readFileSync('/proc/loadavg', 'utf8').trim() }, null, 2)}\n`)

function procKb(pid: number, file: string, field: string): number {
  const text = fs.readFileSync(`/proc/${pid}/${file}`, 'utf8')
  return Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? 0)
}
