import type { Output } from '../../../../src-main/contract/api'

type ReportRow = Output<'listReports'>[number]
type HostReport = Output<'getHostReport'>

/** A report row of a scanned, assessed host. */
export function reportRow(overrides: Partial<ReportRow> = {}): ReportRow {
  return {
    source: 'scan',
    scanHostId: 1,
    assessmentId: null,
    scanId: 'scan-1',
    computer: 'DESKTOP-JNEK-01',
    address: '10.231.0.11',
    fileName: null,
    time: '2026-11-27T08:56:12.000Z',
    state: 'done',
    product: 'Windows 11 Version 23H2 for x64-based Systems',
    missingUpdates: 1,
    missingCritical: 1,
    unconfirmed: 0,
    exposedExploited: 0,
    ...overrides,
  }
}

/**
 * A report shaped as the assessment engine writes it (HostAssessment), for a Windows 11 23H2 host
 * missing the June 2026 cumulative update; the KB and CVE identifiers are placeholders in the right format.
 */
export function hostReport(): HostReport {
  return {
    source: 'scan',
    computer: 'DESKTOP-JNEK-01',
    address: '10.231.0.11',
    fileName: null,
    scanLabel: '10.231.0.11',
    scannedAt: '2026-11-27T08:56:12.000Z',
    transport: 'ssh',
    state: 'done',
    error: null,
    catalogAsOf: '2026-06-09T07:00:00Z',
    assessment: {
      host: { name: 'DESKTOP-JNEK-01', product: 'Windows 11 Version 23H2 for x64-based Systems', build: '10.0.22631.4460', buildSource: 'registry', buildReason: 'CurrentBuild 22631 and UBR 4460 read from the registry' },
      catalog: { asOf: '2026-06-09T07:00:00Z' },
      assessedAt: '2026-11-27T08:56:12.000Z',
      updates: [
        { kb: 'KB5060999', product: 'Windows 11 Version 23H2 for x64-based Systems', productId: '12243', state: 'missing', fixedBuild: '10.0.22631.5472', releaseDate: '2026-06-09', cves: ['CVE-2026-00001', 'CVE-2026-00002'], severity: 'Critical', exploited: true, kev: true, supersededBy: null, restartRequired: 'Yes', reason: 'Build 22631.4460 is older than 22631.5472, which this update brings.' },
        { kb: null, product: 'Microsoft Edge (Chromium-based)', productId: null, state: 'unconfirmed', fixedBuild: null, releaseDate: null, cves: [], severity: null, exploited: false, kev: false, supersededBy: null, restartRequired: null, reason: 'Edge’s version is not in the inventory: it cannot be confirmed.' },
        { kb: 'KB5046633', product: 'Windows 11 Version 23H2 for x64-based Systems', productId: '12243', state: 'installed', fixedBuild: '10.0.22631.4460', releaseDate: '2024-11-12', cves: [], severity: 'Critical', exploited: false, kev: false, supersededBy: null, restartRequired: null, reason: 'Installed (build 22631.4460).' },
      ],
      vulnerabilities: [
        { cve: 'CVE-2026-00001', title: 'Windows Kernel Elevation of Privilege Vulnerability', product: 'Windows 11 Version 23H2 for x64-based Systems', state: 'exposed', kb: 'KB5060999', severity: 'Critical', impact: 'Elevation of Privilege', exploited: true, publiclyDisclosed: false, kev: true, cvss: 7.8, releaseDate: '2026-06-09', reason: 'Fixed in 22631.5472; this host has 22631.4460.', mitigation: [] },
        { cve: 'CVE-2026-00002', title: 'Windows SMB Remote Code Execution Vulnerability', product: 'Windows 11 Version 23H2 for x64-based Systems', state: 'exposed', kb: 'KB5060999', severity: 'Important', impact: 'Remote Code Execution', exploited: false, publiclyDisclosed: false, kev: false, cvss: 8.1, releaseDate: '2026-06-09', reason: 'Fixed in 22631.5472; this host has 22631.4460.', mitigation: [{ ruleId: 'smb1-off', text: 'SMBv1 is disabled', source: 'built-in', because: 'the service mrxsmb10 is disabled' }] },
      ],
      notes: [],
      summary: { missingUpdates: 1, missingCritical: 1, unconfirmed: 1, exposedCves: 2, exposedExploited: 1, exposedKev: 1, mitigatedCves: 0, daysBehind: 171 },
    },
    decisions: [{ id: 1, kb: 'KB5060999', decision: 'defer', deferUntil: '2099-12-31', reason: 'Change freeze until year end', decidedBy: 'CORP\\ann', decidedAt: '2026-11-27T09:00:00.000Z', expired: false }],
  }
}
