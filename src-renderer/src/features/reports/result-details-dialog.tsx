import { Badge, Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Link, makeStyles, Text, tokens } from '@fluentui/react-components'
import type { Output } from '../../../../src-main/contract/api'
import { Facts, type Fact } from '../../components/facts'
import { formatDate } from '../../components/format'
import { FindingMark, STATE_LABELS } from './finding-marks'
import { MitigationNotes } from './mitigation-notes'

type Assessment = NonNullable<Output<'getHostReport'>['assessment']>
type Finding = Assessment['updates'][number]
type Vulnerability = Assessment['vulnerabilities'][number]

const useStyles = makeStyles({
  surface: { maxWidth: '860px', width: '90vw' },
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  cves: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, margin: 0, paddingLeft: 0, listStyle: 'none' },
  cve: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, paddingBottom: tokens.spacingVerticalS, borderBottom: `1px solid ${tokens.colorNeutralStroke3}` },
  cveHead: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
  muted: { color: tokens.colorNeutralForeground2 },
  links: { display: 'flex', gap: tokens.spacingHorizontalL, flexWrap: 'wrap' },
  heading: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
})

/** The CVEs a finding stands for on this host, once each. */
export function vulnerabilitiesOf(assessment: Assessment, finding: Finding): Vulnerability[] {
  const seen = new Set<string>()
  return assessment.vulnerabilities.filter((v) => {
    if (!finding.cves.includes(v.cve) || seen.has(v.cve)) return false
    if (finding.product && v.product !== finding.product) return false
    seen.add(v.cve)
    return true
  })
}

/** "Result details" of one update: why it is marked, the CVEs it closes, mitigations, and where to read more. */
export function ResultDetailsDialog(props: { readonly assessment: Assessment; readonly finding: Finding | null; readonly onClose: () => void }) {
  const styles = useStyles()
  const { finding } = props
  if (!finding) return null
  const vulnerabilities = vulnerabilitiesOf(props.assessment, finding)
  const kbNumber = finding.kb?.replace(/^KB/, '') ?? null
  const facts: Fact[] = [
    { label: 'Result', value: <><FindingMark state={finding.state} /> {STATE_LABELS[finding.state]}</> },
    { label: 'Update', value: finding.kb ?? 'No update identified' },
    { label: 'Product', value: finding.product ?? 'Unknown' },
    { label: 'Severity', value: finding.severity ?? 'Not rated' },
    { label: 'Released', value: finding.releaseDate ? formatDate(finding.releaseDate) : 'Unknown' },
    ...(finding.fixedBuild ? [{ label: 'Fixed in build', value: finding.fixedBuild, mono: true }] : []),
    ...(finding.supersededBy ? [{ label: 'Superseded by', value: finding.supersededBy }] : []),
    ...(finding.restartRequired ? [{ label: 'Restart', value: finding.restartRequired }] : []),
    { label: 'Why', value: finding.reason },
  ]
  return (
    <Dialog open onOpenChange={(_, data) => (data.open ? undefined : props.onClose())}>
      <DialogSurface className={styles.surface}>
        <DialogBody>
          <DialogTitle>Result details — {finding.kb ?? finding.product ?? 'finding'}</DialogTitle>
          <DialogContent className={styles.content}>
            <Facts facts={facts} label="Update" />
            <section aria-label="Vulnerabilities this update closes">
              <h3 className={styles.heading}>Vulnerabilities it closes ({vulnerabilities.length.toLocaleString()})</h3>
              {vulnerabilities.length === 0 ? <Text className={styles.muted}>No CVE is recorded for this update on this computer.</Text> : null}
              <ul className={styles.cves}>
                {vulnerabilities.map((v) => (
                  <li key={v.cve} className={styles.cve}>
                    <div className={styles.cveHead}>
                      <Link href={`https://msrc.microsoft.com/update-guide/vulnerability/${v.cve}`} target="_blank" rel="noreferrer">
                        {v.cve}
                      </Link>
                      {v.severity ? <Badge appearance="tint" color={v.severity === 'Critical' ? 'danger' : v.severity === 'Important' ? 'warning' : 'informative'}>{v.severity}</Badge> : null}
                      {v.exploited ? <Badge appearance="filled" color="danger">Exploited</Badge> : null}
                      {v.kev ? <Badge appearance="filled" color="important">CISA KEV</Badge> : null}
                      {v.state === 'mitigated' ? <Badge appearance="outline" color="success">Mitigated here</Badge> : null}
                      <Text className={styles.muted}>CVSS {v.cvss === null ? 'not given' : v.cvss.toLocaleString(undefined, { minimumFractionDigits: 1 })}</Text>
                    </div>
                    {v.title ? <Text>{v.title}</Text> : null}
                    <Text className={styles.muted}>{v.reason}</Text>
                    <MitigationNotes vulnerability={v} />
                  </li>
                ))}
              </ul>
            </section>
            {kbNumber ? (
              <nav aria-label="Read more" className={styles.links}>
                <Link href={`https://support.microsoft.com/help/${kbNumber}`} target="_blank" rel="noreferrer">
                  KB article {finding.kb}
                </Link>
                <Link href={`https://www.catalog.update.microsoft.com/Search.aspx?q=${finding.kb ?? ''}`} target="_blank" rel="noreferrer">
                  Microsoft Update Catalog
                </Link>
              </nav>
            ) : null}
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={props.onClose}>
              Close
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  )
}
