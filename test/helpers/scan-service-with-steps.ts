import path from 'node:path'
import type { ScanSteps } from '../../src-main/scan/scan-engine'
import { createScanService } from '../../src-main/scan/scan-service'
import type { Services } from '../../src-main/services'

/**
 * A real scan service on the real store and assessment service, whose network steps are the
 * test's own (the probe and collection a Windows network would answer): everything after
 * collection — storing, assessing, progress — is the product's.
 */
export function scanServiceWithSteps(services: Services, steps: ScanSteps) {
  return createScanService({
    db: services.db,
    events: services.events,
    now: services.now,
    runner: () => null,
    knownHostsFile: path.join(services.dataDir, 'known_hosts'),
    stepsFor: () => steps,
    assess: (scanHostId, inventory) => services.assessments.assessScanHost(scanHostId, inventory),
  })
}
