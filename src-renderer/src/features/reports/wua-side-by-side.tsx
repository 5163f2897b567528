import { Badge, makeStyles, MessageBar, MessageBarBody, MessageBarTitle, mergeClasses, Text, tokens } from '@fluentui/react-components'
import { WarningFilled } from '@fluentui/react-icons'
import type { Output } from '../../../../src-main/contract/api'
import { Facts, type Fact } from '../../components/facts'
import { formatCount, formatDateTime } from '../../components/format'
import { SectionCard } from '../../components/section-card'
import { FindingMark, STATE_LABELS } from './finding-marks'

type WuaSideBySide = NonNullable<Output<'getHostReport'>['wua']>
type WuaRow = WuaSideBySide['rows'][number]

const useStyles = makeStyles({
  table: { width: '100%', borderCollapse: 'collapse' },
  head: { textAlign: 'start', padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}`, fontWeight: tokens.fontWeightSemibold, backgroundColor: tokens.colorNeutralBackground3, borderBottom: `1px solid ${tokens.colorNeutralStroke2}` },
  cell: { padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}`, borderBottom: `1px solid ${tokens.colorNeutralStroke3}`, verticalAlign: 'top' },
  // A bar down the left of each row: orange where the answers differ, none where they agree.
  rowHead: { textAlign: 'start', fontWeight: tokens.fontWeightRegular, borderLeft: '4px solid transparent' },
  differs: { borderLeftColor: tokens.colorPaletteDarkOrangeBorder2 },
  verdict: { display: 'inline-flex', alignItems: 'center', gap: tokens.spacingHorizontalXS },
  flag: { display: 'inline-flex', alignItems: 'center', gap: tokens.spacingHorizontalXS, color: tokens.colorPaletteDarkOrangeForeground1 },
  muted: { color: tokens.colorNeutralForeground2 },
})

/** Where the agent looked, in words an administrator knows from the Windows Update settings. */
const SOURCE_LABELS: Readonly<Record<string, string>> = {
  wsus: 'WSUS server',
  'windows-update': 'Windows Update',
  'microsoft-update': 'Microsoft Update',
  'offline-cab': 'Offline catalog (wsusscn2.cab)',
}

/** A WUA source code as shown; an unknown one as given. */
export function wuaSourceLabel(source: string): string {
  return SOURCE_LABELS[source] ?? source
}

function PatchlaneVerdict({ verdict }: { readonly verdict: WuaRow['patchlane'] }) {
  const styles = useStyles()
  if (verdict === 'not-listed') return <span className={styles.muted}>Not listed</span>
  return (
    <span className={styles.verdict}>
      <FindingMark state={verdict} /> {STATE_LABELS[verdict]}
    </span>
  )
}

/**
 * The Windows Update Agent's own answer beside Patchlane's, per KB (asked for in Detect): where the
 * agent looked and when, each KB with both verdicts, and the disagreements flagged with why.
 * A failed search shows its error. Nothing at all for a scan that did not ask the agent.
 */
export function WuaSideBySideCard({ wua }: { readonly wua: WuaSideBySide | null | undefined }) {
  const styles = useStyles()
  if (!wua) return null
  const { search } = wua
  const facts: Fact[] = [
    { label: 'Source', value: `${wuaSourceLabel(search.source)} (${search.mode === 'online' ? 'online search' : 'offline search'})` },
    ...(search.serverUrl ? [{ label: 'Server', value: search.serverUrl, mono: true }] : []),
    { label: 'Searched', value: formatDateTime(search.searchedAt) },
    { label: 'Criteria', value: search.criteria, mono: true },
    { label: 'Agent lists missing', value: formatCount(search.missing.length) },
  ]
  const agreeing = wua.rows.filter((row) => row.agree).length
  const security = wua.disagreements === 0 ? 'no security disagreement' : `${formatCount(wua.disagreements)} security ${wua.disagreements === 1 ? 'disagreement' : 'disagreements'} (one answer says install, the other says not needed)`
  const description = search.error
    ? 'The agent’s search failed; Patchlane’s own verdict above stands.'
    : agreeing === wua.rows.length
      ? 'Both answers agree on every update.'
      : `The answers agree on ${formatCount(agreeing)} of ${formatCount(wua.rows.length)} updates, with ${security}. Each difference is flagged below with why.`
  return (
    <SectionCard title="Windows Update Agent side by side" description={description}>
      <Facts facts={facts} label="Windows Update Agent search" />
      {search.error ? (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>The Windows Update Agent’s search failed{search.error.hresult ? ` (${search.error.hresult})` : ''}</MessageBarTitle>
            {search.error.message}
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {wua.rows.length > 0 ? (
        <table className={styles.table} aria-label="Windows Update Agent and Patchlane, per update">
          <thead>
            <tr>
              <th scope="col" className={styles.head}>Update</th>
              <th scope="col" className={styles.head}>Windows Update Agent</th>
              <th scope="col" className={styles.head}>Patchlane</th>
              <th scope="col" className={styles.head}>Why</th>
            </tr>
          </thead>
          <tbody>
            {wua.rows.map((row, index) => (
              // Agent updates without a KB all come as "(no KB)": the position keeps keys apart.
              <tr key={`${row.kb}-${index}`}>
                <th scope="row" className={mergeClasses(styles.cell, styles.rowHead, !row.agree && styles.differs)}>
                  <Text weight="semibold">{row.kb}</Text>
                  {row.title ? (
                    <>
                      <br />
                      <Text size={200} className={styles.muted}>
                        {row.title}
                      </Text>
                    </>
                  ) : null}
                </th>
                <td className={styles.cell}>{row.agent === 'missing' ? 'Missing' : <span className={styles.muted}>Not listed</span>}</td>
                <td className={styles.cell}>
                  <PatchlaneVerdict verdict={row.patchlane} />
                </td>
                <td className={styles.cell}>
                  {row.agree ? (
                    <Badge appearance="tint" color="success">
                      Agree
                    </Badge>
                  ) : (
                    <span className={styles.flag}>
                      <WarningFilled aria-hidden />
                      <Badge appearance="filled" color="warning">
                        Differs
                      </Badge>
                    </span>
                  )}{' '}
                  <Text>{row.note}</Text>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : search.error ? null : (
        <Text className={styles.muted}>Neither answer lists a missing update.</Text>
      )}
    </SectionCard>
  )
}
