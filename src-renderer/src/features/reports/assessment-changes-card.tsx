import { Badge, makeStyles, Text, tokens } from '@fluentui/react-components'
import type { Output } from '../../../../src-main/contract/api'
import { formatCount, formatDate, formatDateTime } from '../../components/format'
import { SectionCard } from '../../components/section-card'
import { STATE_LABELS } from './finding-marks'

type AssessmentChanges = NonNullable<Output<'getHostReport'>['changes']>
type UpdateChange = AssessmentChanges['newlyMissing'][number]
type CveChange = AssessmentChanges['newlyExposed'][number]

/** CVE lists are cut here: a first month for a product can add dozens; the report lists them all. */
const SHOWN_CVES = 12

const useStyles = makeStyles({
  group: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  heading: { margin: 0 },
  list: { listStyle: 'none', margin: 0, paddingLeft: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  item: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalS },
  cves: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXS, listStyle: 'none', margin: 0, paddingLeft: 0 },
  muted: { color: tokens.colorNeutralForeground2 },
})

const stateText = (state: UpdateChange['now']): string => (state === null ? 'not listed' : STATE_LABELS[state])

/** Distinct CVEs (one CVE can be listed per affected product), exploited or KEV ones first. */
function distinct(changes: ReadonlyArray<CveChange>): CveChange[] {
  const seen = new Map<string, CveChange>()
  for (const change of changes) {
    const known = seen.get(change.cve)
    if (!known || (change.exploited && !known.exploited) || (change.kev && !known.kev)) seen.set(change.cve, { ...change, exploited: change.exploited || (known?.exploited ?? false), kev: change.kev || (known?.kev ?? false) })
  }
  const urgent = (c: CveChange): number => (c.kev ? 2 : 0) + (c.exploited ? 1 : 0)
  return [...seen.values()].sort((a, b) => urgent(b) - urgent(a))
}

/**
 * "Changes since the last assessment": the same computer judged again (a newer catalog, usually),
 * with what became missing, what no longer is (and why), and which CVEs appeared or became
 * exploited. Nothing at all when the computer was assessed once.
 */
export function AssessmentChangesCard({ changes }: { readonly changes: AssessmentChanges | null | undefined }) {
  const styles = useStyles()
  if (!changes) return null
  const { catalogAsOf, build } = changes
  const catalog = `catalog as of ${catalogAsOf.before ? formatDate(catalogAsOf.before) : 'unknown'} → ${catalogAsOf.after ? formatDate(catalogAsOf.after) : 'unknown'}`
  const exposed = distinct(changes.newlyExposed)
  const closed = distinct(changes.noLongerExposed)
  const flagged = distinct(changes.newlyExploited)
  const nothing = [changes.newlyMissing, changes.noLongerMissing, changes.stateChanges, exposed, closed, flagged].every((list) => list.length === 0) && build.before === build.after
  return (
    <SectionCard title="Changes since the last assessment" description={`Compared with the assessment of ${formatDateTime(changes.previousAssessedAt)} (${catalog}).`}>
      {nothing ? <Text className={styles.muted}>No change: this computer was judged the same.</Text> : null}
      {build.before !== build.after ? (
        <Text>
          Build {build.before ?? 'unknown'} → {build.after ?? 'unknown'}
        </Text>
      ) : null}
      <UpdateGroup title="Newly missing" updates={changes.newlyMissing} detail={(u) => (u.before ? `was ${stateText(u.before)}` : 'new in this catalog')} />
      <UpdateGroup
        title="No longer missing"
        updates={changes.noLongerMissing}
        detail={(u) => (u.now === 'superseded' && u.supersededBy ? `superseded by ${u.supersededBy}` : `now ${stateText(u.now)}`)}
      />
      <UpdateGroup title="Other state changes" updates={changes.stateChanges} detail={(u) => `${stateText(u.before)} → ${stateText(u.now)}`} />
      <CveGroup title="CVEs newly exposed" cves={exposed} />
      <CveGroup title="CVEs no longer exposed" cves={closed} />
      <CveGroup title="Open CVEs newly exploited or on CISA KEV" cves={flagged} />
    </SectionCard>
  )
}

function UpdateGroup(props: { readonly title: string; readonly updates: ReadonlyArray<UpdateChange>; readonly detail: (u: UpdateChange) => string }) {
  const styles = useStyles()
  if (props.updates.length === 0) return null
  return (
    <div className={styles.group}>
      <Text as="h3" weight="semibold" className={styles.heading}>
        {props.title} ({formatCount(props.updates.length)})
      </Text>
      <ul className={styles.list} aria-label={props.title}>
        {props.updates.map((u) => (
          <li key={`${u.kb ?? ''}-${u.product ?? ''}`} className={styles.item}>
            <Text weight="semibold">{u.kb ?? 'No update identified'}</Text>
            <Text className={styles.muted}>
              {u.product ?? 'Unknown product'} — {props.detail(u)}
            </Text>
            {u.severity ? <Badge appearance="tint">{u.severity}</Badge> : null}
          </li>
        ))}
      </ul>
    </div>
  )
}

function CveGroup(props: { readonly title: string; readonly cves: ReadonlyArray<CveChange> }) {
  const styles = useStyles()
  if (props.cves.length === 0) return null
  const exploited = props.cves.filter((c) => c.exploited).length
  const kev = props.cves.filter((c) => c.kev).length
  const marks = [exploited > 0 ? `${formatCount(exploited)} exploited` : '', kev > 0 ? `${formatCount(kev)} on KEV` : ''].filter(Boolean).join(', ')
  const more = props.cves.length - SHOWN_CVES
  return (
    <div className={styles.group}>
      <Text as="h3" weight="semibold" className={styles.heading}>
        {props.title} ({formatCount(props.cves.length)}
        {marks ? `, ${marks}` : ''})
      </Text>
      <ul className={styles.cves} aria-label={props.title}>
        {props.cves.slice(0, SHOWN_CVES).map((c) => (
          <li key={c.cve}>
            <Badge appearance="outline" color={c.exploited || c.kev ? 'danger' : 'informative'}>
              {c.cve}
              {c.exploited ? ' (exploited)' : ''}
              {c.kev ? ' (KEV)' : ''}
            </Badge>
          </li>
        ))}
        {more > 0 ? (
          <li>
            <Text className={styles.muted}>and {formatCount(more)} more</Text>
          </li>
        ) : null}
      </ul>
    </div>
  )
}
