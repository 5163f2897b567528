import type { Output } from '../../../../src-main/contract/api'

type ReportRow = Output<'listReports'>[number]
type HostReport = Output<'getHostReport'>
type WuaSideBySide = NonNullable<HostReport['wua']>
type Vulnerability = NonNullable<HostReport['assessment']>['vulnerabilities'][number]

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
        { cve: 'CVE-2026-00001', title: 'Windows Kernel Elevation of Privilege Vulnerability', product: 'Windows 11 Version 23H2 for x64-based Systems', state: 'exposed', kb: 'KB5060999', severity: 'Critical', impact: 'Elevation of Privilege', exploited: true, publiclyDisclosed: false, kev: true, cvss: 7.8, releaseDate: '2026-06-09', reason: 'Fixed in 22631.5472; this host has 22631.4460.', mitigation: [], mitigationUnconfirmed: [unconfirmedMitigation()] },
        { cve: 'CVE-2026-00002', title: 'Windows SMB Remote Code Execution Vulnerability', product: 'Windows 11 Version 23H2 for x64-based Systems', state: 'exposed', kb: 'KB5060999', severity: 'Important', impact: 'Remote Code Execution', exploited: false, publiclyDisclosed: false, kev: false, cvss: 8.1, releaseDate: '2026-06-09', reason: 'Fixed in 22631.5472; this host has 22631.4460.', mitigation: [{ ruleId: 'smb1-off', text: 'SMBv1 is disabled', source: 'built-in', because: 'the service mrxsmb10 is disabled' }] },
      ],
      notes: [],
      summary: { missingUpdates: 1, missingCritical: 1, unconfirmed: 1, exposedCves: 2, exposedExploited: 1, exposedKev: 1, mitigatedCves: 0, daysBehind: 171 },
    },
    decisions: [{ id: 1, kb: 'KB5060999', decision: 'defer', deferUntil: '2099-12-31', reason: 'Change freeze until year end', decidedBy: 'CORP\\ann', decidedAt: '2026-11-27T09:00:00.000Z', expired: false }],
  }
}

/**
 * A rule that would mitigate a CVE but could not be checked: shaped as the mitigation rules write
 * their notes (MitigationNote), the way assess-host fills VulnerabilityFinding.mitigationUnconfirmed.
 */
export function unconfirmedMitigation(): NonNullable<Vulnerability['mitigationUnconfirmed']>[number] {
  return {
    ruleId: 'print-spooler-disabled',
    text: 'The Print Spooler service is stopped and its start mode is Disabled (or it is not installed). Microsoft\'s workaround is exactly this; the host cannot print locally or remotely while it stays so.',
    source: 'CVE-2021-34527 Windows Print Spooler Remote Code Execution Vulnerability (https://msrc.microsoft.com/update-guide/vulnerability/CVE-2021-34527)',
    because: 'the inventory (systeminfo) has no list of services',
  }
}

/**
 * The Windows Update Agent's answer beside Patchlane's (WuaSideBySide) for the host above: an
 * online search against WSUS whose missing list has the June cumulative update (both say
 * missing), the November one Patchlane sees installed (the one security disagreement), the
 * Malicious Software Removal Tool (not in the security catalog) and a definition update without a
 * KB (both differ, not counted). Titles follow the agent's real wording (wesng validation captures).
 */
export function wuaSideBySide(overrides: Partial<WuaSideBySide['search']> = {}): WuaSideBySide {
  return {
    search: {
      mode: 'online',
      source: 'wsus',
      serverUrl: 'http://wsus01.corp.example:8530',
      searchedAt: '2026-11-27T08:55:40.000Z',
      criteria: "IsInstalled=0 and Type='Software' and IsHidden=0",
      missing: [
        { kb: 'KB5060999', title: '2026-06 Cumulative Update for Windows 11 Version 23H2 for x64-based Systems (KB5060999)', updateId: '2f5a0e8c-3c7d-4d36-9d43-6b0c3f1b8f10', severity: 'Critical', categories: ['Security Updates', 'Windows 11'], cves: ['CVE-2026-00001', 'CVE-2026-00002'], isDownloaded: false },
        { kb: 'KB5046633', title: '2024-11 Cumulative Update for Windows 11 Version 23H2 for x64-based Systems (KB5046633)', updateId: '5d0c6a4e-7b1f-4f0e-8a47-3f2d9c1e6b55', severity: 'Critical', categories: ['Security Updates', 'Windows 11'], cves: [], isDownloaded: true },
        { kb: 'KB890830', title: 'Windows Malicious Software Removal Tool x64 - v5.130 (KB890830)', updateId: '8c1b7f34-4c43-4a3b-a5c3-0f5e6a0f9b21', severity: null, categories: ['Update Rollups', 'Windows 11'], cves: [], isDownloaded: true },
        { kb: null, title: 'Security Intelligence Update for Microsoft Defender Antivirus - 1.421.1532.0', updateId: 'c7e0b0a9-1f2e-4b7a-9d8e-5a6b7c8d9e0f', severity: null, categories: ['Definition Updates'], cves: [], isDownloaded: true },
      ],
      error: null,
      ...overrides,
    },
    // Notes as src-main/assess/wua-compare.ts words them.
    rows: [
      { kb: 'KB5060999', title: '2026-06 Cumulative Update for Windows 11 Version 23H2 for x64-based Systems (KB5060999)', agent: 'missing', patchlane: 'missing', agree: true, note: 'Both answers: missing.' },
      { kb: 'KB5046633', title: '2024-11 Cumulative Update for Windows 11 Version 23H2 for x64-based Systems (KB5046633)', agent: 'missing', patchlane: 'installed', agree: false, note: 'Patchlane: installed (Installed (build 22631.4460).); the agent still lists it as missing. A KB can be installed for one component and still be needed for another: check the host’s update history.' },
      { kb: 'KB890830', title: 'Windows Malicious Software Removal Tool x64 - v5.130 (KB890830)', agent: 'missing', patchlane: 'not-listed', agree: false, note: 'Not a security update (the agent’s classification: Update Rollups): Patchlane’s catalog holds security updates only, so it does not judge it.' },
      { kb: '(no KB)', title: 'Security Intelligence Update for Microsoft Defender Antivirus - 1.421.1532.0', agent: 'missing', patchlane: 'not-listed', agree: false, note: 'The agent’s update names no KB (a driver or definition update); Patchlane judges updates by KB, so it has no verdict on it.' },
    ],
    disagreements: 1,
  }
}
