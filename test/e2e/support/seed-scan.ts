import fs from 'node:fs'
import path from 'node:path'
import type { ScanSteps } from '../../../src-main/scan/scan-engine'
import type { Services } from '../../../src-main/services'
import { scanServiceWithSteps } from '../../helpers/scan-service-with-steps'
import { REPO_ROOT } from './renderer-build'

/** The recorded collector documents (test/fixtures/powershell/collector), by target name. */
export const COLLECTOR_SAMPLES = ['win11-23h2', 'win10-22h2', 'server2025', 'win11-arm64'] as const

/**
 * A finished scan made by the product's own scan service and assessment, with the network
 * replaced by the real collector documents recorded in test/fixtures: each sample is one host
 * that answered over WinRM, and `down-host` one that did not answer. Used where the lab is not
 * needed (the lab flow itself is console-flow.test.ts). `wua` adds, per target, the Windows Update
 * Agent's answer to the collected document, where the collector puts it when a scan asks the agent.
 */
export async function seedFinishedScan(services: Services, options: { readonly wua?: Readonly<Partial<Record<(typeof COLLECTOR_SAMPLES)[number], unknown>>> } = {}): Promise<string> {
  const dir = path.join(REPO_ROOT, 'test', 'fixtures', 'powershell', 'collector')
  const steps: ScanSteps = {
    probe: async (host) =>
      host.target === 'down-host'
        ? { address: null, up: false, openPorts: [], error: { kind: 'unreachable', cause: `${host.target} did not answer on any port.`, fix: `Check that ${host.target} is on and connected.`, detail: null } }
        : { address: null, up: true, openPorts: [5985] },
    collect: async (host) => {
      const document = JSON.parse(fs.readFileSync(path.join(dir, `${host.target}.json`), 'utf8')) as Record<string, unknown>
      const wua = options.wua?.[host.target as (typeof COLLECTOR_SAMPLES)[number]]
      return { transport: 'winrm', inventory: wua === undefined ? document : { ...document, wua } }
    },
    describeError: (error) => ({ kind: 'failed', cause: error instanceof Error ? error.message : String(error), fix: 'See the cause.', detail: null }),
  }
  const scans = scanServiceWithSteps(services, steps)
  const request = { targets: [...COLLECTOR_SAMPLES, 'down-host'], transport: 'winrm' as const, concurrency: 4 }
  const { scanId } = await scans.create(request)
  await scans.run(scanId, request)
  return scanId
}
