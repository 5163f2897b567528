import type { HostError, ScanHost } from '../../src-main/contract/schemas/scan'
import type { ProbeOutcome, ScanSteps } from '../../src-main/scan/scan-engine'

/**
 * Scan steps that stand in for the network in engine tests: each host answers after `delayMs`,
 * hosts whose target starts with `down-` are unreachable and `fail-` ones fail collecting.
 * The real steps (probe + PowerShell transports) are exercised against the lab hosts.
 */
export function delayedSteps(delayMs: number, seen: string[] = []): ScanSteps {
  const wait = (ms: number, signal: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, ms)
      signal.addEventListener('abort', () => {
        clearTimeout(timer)
        reject(new Error('aborted'))
      }, { once: true })
    })
  return {
    async probe(host: ScanHost, signal: AbortSignal): Promise<ProbeOutcome> {
      await wait(1, signal)
      const up = !host.target.startsWith('down-')
      return { address: `addr-of-${host.target}`, up, openPorts: up ? [22] : [] }
    },
    async collect(host: ScanHost, _probe: ProbeOutcome, signal: AbortSignal) {
      seen.push(host.target)
      await wait(delayMs, signal)
      if (host.target.startsWith('fail-')) throw new Error('Access is denied.')
      return { transport: 'ssh', inventory: { computerName: host.target } }
    },
    describeError(error: unknown): HostError {
      const text = error instanceof Error ? error.message : String(error)
      return text.includes('denied')
        ? { kind: 'access-denied', cause: 'The account was refused.', fix: 'Use an account that is a local administrator.', detail: text }
        : { kind: 'host-down', cause: 'No port answered.', fix: 'Check that the computer is on.', detail: text }
    },
  }
}
