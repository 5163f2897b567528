import { render, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { AssessmentChanges } from '../../../../src-main/contract/schemas/assessment'
import { HostReport } from '../../../../src-main/contract/schemas/console'
import { AssessmentChangesCard } from '../../../../src-renderer/src/features/reports/assessment-changes-card'
import { HostReportView } from '../../../../src-renderer/src/features/reports/host-report-view'
import { hostReport } from './fixtures'

const WIN11 = 'Windows 11 Version 23H2 for x64-based Systems'

/**
 * Shaped as compareAssessments writes it (parsed by the contract's schema), with the figures the
 * integration test finds for the recorded Windows 11 23H2 capture: November 2024's catalog, then
 * December 2024's with CISA KEV.
 */
const changes = AssessmentChanges.parse({
  previousAssessedAt: '2026-07-01T00:00:00.000Z',
  catalogAsOf: { before: '2026-06-28T02:01:19Z', after: '2026-06-28T02:04:44Z' },
  build: { before: '10.0.22631.2428', after: '10.0.22631.2428' },
  newlyMissing: [{ kb: 'KB5048685', product: WIN11, before: null, now: 'missing', supersededBy: null, severity: 'Critical', cves: 76 }],
  noLongerMissing: [{ kb: 'KB5046633', product: WIN11, before: 'missing', now: 'superseded', supersededBy: 'KB5048685', severity: 'Critical', cves: 31 }],
  stateChanges: [],
  newlyExposed: [
    { cve: 'CVE-2024-49138', product: WIN11, kb: 'KB5048685', severity: 'Important', exploited: true, kev: false },
    { cve: 'CVE-2024-49112', product: WIN11, kb: 'KB5048685', severity: 'Critical', exploited: false, kev: false },
    { cve: 'CVE-2024-12053', product: 'Microsoft Edge (Chromium-based)', kb: null, severity: null, exploited: false, kev: false },
  ],
  noLongerExposed: [],
  newlyExploited: [
    { cve: 'CVE-2024-43451', product: WIN11, kb: 'KB5046633', severity: 'Important', exploited: true, kev: true },
    { cve: 'CVE-2024-49039', product: WIN11, kb: 'KB5046633', severity: 'Important', exploited: true, kev: true },
  ],
})

describe('Changes since the last assessment', () => {
  it('names the updates and CVEs that changed, under headings, in a region named by its title', () => {
    render(<AssessmentChangesCard changes={changes} />)
    const region = screen.getByRole('region', { name: 'Changes since the last assessment' })
    expect(within(region).getByRole('heading', { level: 3, name: 'Newly missing (1)' })).toBeInTheDocument()
    const missing = within(region).getByRole('list', { name: 'Newly missing' })
    expect(within(missing).getByText('KB5048685')).toBeInTheDocument()
    expect(within(missing).getByText(`${WIN11} — new in this catalog`)).toBeInTheDocument()
    const gone = within(region).getByRole('list', { name: 'No longer missing' })
    expect(within(gone).getByText(`${WIN11} — superseded by KB5048685`)).toBeInTheDocument()
    expect(within(region).getByRole('heading', { level: 3, name: 'CVEs newly exposed (3, 1 exploited)' })).toBeInTheDocument()
    expect(within(region).getByText('CVE-2024-49138 (exploited)')).toBeInTheDocument()
    const flagged = within(region).getByRole('list', { name: 'Open CVEs newly exploited or on CISA KEV' })
    expect(within(flagged).getAllByRole('listitem')).toHaveLength(2)
    // Groups with nothing in them are left out.
    expect(within(region).queryByRole('heading', { name: /Other state changes|no longer exposed/ })).toBeNull()
  })

  it('says so when nothing changed, and renders nothing without an earlier assessment', () => {
    const same = AssessmentChanges.parse({ ...changes, newlyMissing: [], noLongerMissing: [], newlyExposed: [], newlyExploited: [] })
    const { unmount } = render(<AssessmentChangesCard changes={same} />)
    expect(screen.getByText('No change: this computer was judged the same.')).toBeInTheDocument()
    unmount()
    const { container } = render(<AssessmentChangesCard changes={null} />)
    expect(container).toBeEmptyDOMElement()
  })

  it('appears in a computer’s report only when the report carries changes', () => {
    const report = HostReport.parse({ ...hostReport(), changes })
    const { unmount } = render(<HostReportView report={report} onBack={() => {}} />)
    expect(screen.getByRole('region', { name: 'Changes since the last assessment' })).toBeInTheDocument()
    unmount()
    render(<HostReportView report={HostReport.parse({ ...hostReport(), changes: null })} onBack={() => {}} />)
    expect(screen.queryByRole('region', { name: 'Changes since the last assessment' })).toBeNull()
  })
})
