import { Accordion, AccordionHeader, AccordionItem, AccordionPanel, Badge, Button, makeStyles, Text, tokens } from '@fluentui/react-components'
import { ArrowLeftRegular } from '@fluentui/react-icons'
import { useState } from 'react'
import type { Output } from '../../../../src-main/contract/api'
import { ErrorBar } from '../../components/error-bar'
import { Facts, type Fact } from '../../components/facts'
import { formatCount, formatDate, formatDateTime } from '../../components/format'
import { SectionCard } from '../../components/section-card'
import { decisionByline, decisionLabel } from '../assess/decision-text'
import { FindingMark } from './finding-marks'
import { ResultDetailsDialog } from './result-details-dialog'
import { AssessmentChangesCard } from './assessment-changes-card'
import { WuaSideBySideCard } from './wua-side-by-side'

type HostReport = Output<'getHostReport'>
type Assessment = NonNullable<HostReport['assessment']>
type Finding = Assessment['updates'][number]

const useStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  list: { listStyle: 'none', margin: 0, paddingLeft: 0, display: 'flex', flexDirection: 'column' },
  item: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, padding: `${tokens.spacingVerticalS} 0`, borderBottom: `1px solid ${tokens.colorNeutralStroke3}` },
  text: { flex: 1, minWidth: 0, display: 'flex', flexDirection: 'column' },
  muted: { color: tokens.colorNeutralForeground2 },
  badges: { display: 'flex', gap: tokens.spacingHorizontalXS },
})

const SECTIONS: ReadonlyArray<{ readonly id: string; readonly title: string; readonly states: ReadonlyArray<Finding['state']> }> = [
  { id: 'missing', title: 'Missing updates', states: ['missing'] },
  { id: 'unconfirmed', title: 'Cannot be confirmed', states: ['unconfirmed'] },
  { id: 'mitigated', title: 'Mitigated', states: ['mitigated'] },
  { id: 'installed', title: 'Installed', states: ['installed', 'pending-reboot', 'superseded'] },
]

/** One computer's report: where it came from, then its updates by MBSA's marks. */
export function HostReportView(props: { readonly report: HostReport; readonly onBack: () => void }) {
  const styles = useStyles()
  const { report } = props
  const assessment = report.assessment
  const [details, setDetails] = useState<Finding | null>(null)
  const decisions = new Map(report.decisions.map((decision) => [decision.kb, decision]))
  const facts: Fact[] = [
    { label: 'Computer', value: report.computer },
    { label: report.source === 'imported' ? 'Imported from' : 'Address', value: report.source === 'imported' ? `${report.fileName ?? ''} (imported file)` : (report.address ?? 'Not resolved') },
    { label: 'Operating system', value: assessment?.host.product ?? 'Unknown' },
    { label: 'Build', value: assessment ? `${assessment.host.build ?? 'unknown'} — ${assessment.host.buildSource}: ${assessment.host.buildReason}` : 'Unknown' },
    { label: report.source === 'imported' ? 'Assessed' : 'Scanned', value: report.scannedAt ? formatDateTime(report.scannedAt) : 'Unknown' },
    { label: 'Catalog as of', value: report.catalogAsOf ? formatDate(report.catalogAsOf) : 'No catalog' },
    { label: 'Transport', value: report.transport ?? (report.source === 'imported' ? 'None (imported)' : 'Not connected') },
  ]
  return (
    <div className={styles.stack}>
      <div>
        <Button icon={<ArrowLeftRegular />} onClick={props.onBack}>
          All reports
        </Button>
      </div>
      <SectionCard title={`Security report for ${report.computer}`} description={report.source === 'imported' ? 'Imported file, assessed like a scanned computer.' : (report.scanLabel ?? undefined)}>
        <Facts facts={facts} label="Report header" />
        {report.error ? <ErrorBar title="This computer could not be scanned" error={{ code: 'internal', message: `${report.error.cause} Fix: ${report.error.fix}` }} /> : null}
        {assessment?.notes.map((note) => (
          <Text key={note} className={styles.muted}>
            {note}
          </Text>
        ))}
      </SectionCard>
      <AssessmentChangesCard changes={report.changes} />
      {assessment ? (
        <SectionCard title="Updates" description={`${formatCount(assessment.summary.missingUpdates)} missing, ${formatCount(assessment.summary.unconfirmed)} cannot be confirmed, ${formatCount(assessment.summary.exposedCves)} vulnerabilities exposed.`}>
          <Accordion multiple collapsible defaultOpenItems={['missing', 'unconfirmed', 'mitigated']}>
            {SECTIONS.map((section) => {
              const findings = assessment.updates.filter((finding) => section.states.includes(finding.state))
              return (
                <AccordionItem key={section.id} value={section.id}>
                  <AccordionHeader as="h2">
                    {section.title} ({formatCount(findings.length)})
                  </AccordionHeader>
                  <AccordionPanel>
                    {findings.length === 0 ? <Text className={styles.muted}>None.</Text> : null}
                    <ul className={styles.list} aria-label={section.title}>
                      {findings.map((finding, index) => (
                        <li key={`${finding.kb ?? 'none'}-${finding.productId ?? index}`} className={styles.item}>
                          <FindingMark state={finding.state} />
                          <span className={styles.text}>
                            <Text weight="semibold">
                              {finding.kb ?? 'No update identified'} — {finding.product ?? 'Unknown product'}
                            </Text>
                            <Text className={styles.muted}>{finding.reason}</Text>
                            {finding.state === 'missing' && finding.kb && decisions.has(finding.kb) ? <DecisionLine decision={decisions.get(finding.kb)} /> : null}
                          </span>
                          <span className={styles.badges}>
                            {finding.severity ? <Badge appearance="tint">{finding.severity}</Badge> : null}
                            {finding.exploited ? <Badge color="danger">Exploited</Badge> : null}
                            {finding.kev ? <Badge color="important">KEV</Badge> : null}
                          </span>
                          <Button size="small" onClick={() => setDetails(finding)} aria-label={`Result details for ${finding.kb ?? finding.product ?? 'finding'}`}>
                            Result details
                          </Button>
                        </li>
                      ))}
                    </ul>
                  </AccordionPanel>
                </AccordionItem>
              )
            })}
          </Accordion>
          <ResultDetailsDialog assessment={assessment} finding={details} onClose={() => setDetails(null)} />
        </SectionCard>
      ) : (
        <SectionCard title="Updates">
          <Text>{report.state === 'done' ? 'Not assessed: the catalog was empty when this computer was scanned.' : 'No assessment: the computer was not scanned.'}</Text>
        </SectionCard>
      )}
      <WuaSideBySideCard wua={report.wua} />
    </div>
  )
}

/** The decision Assess recorded on a missing update: what, then reason, who and when. */
function DecisionLine({ decision }: { readonly decision: Parameters<typeof decisionLabel>[0] | undefined }) {
  if (!decision) return null
  return (
    <Text size={200}>
      <Badge appearance="outline" color={decision.expired ? 'warning' : 'brand'}>
        {decisionLabel(decision)}
      </Badge>{' '}
      {decisionByline(decision)}
    </Text>
  )
}
