import { Badge, makeStyles, Spinner, Text, tokens } from '@fluentui/react-components'
import type { ApiError } from '../../../../src-main/contract/api'
import { ErrorBar } from '../../components/error-bar'
import { formatDateTime } from '../../components/format'
import type { DecisionRecord } from './assess-store'
import { decisionByline, decisionLabel, decisionStanding, STANDING_LABELS, type DecisionStanding } from './decision-text'

const useStyles = makeStyles({
  heading: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  list: { listStyle: 'none', margin: 0, paddingLeft: 0, display: 'flex', flexDirection: 'column' },
  item: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, padding: `${tokens.spacingVerticalS} 0`, borderBottom: `1px solid ${tokens.colorNeutralStroke3}` },
  head: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
  muted: { color: tokens.colorNeutralForeground2 },
})

const STANDING_COLOR: Readonly<Record<DecisionStanding, 'success' | 'warning' | 'subtle'>> = { 'in-force': 'success', expired: 'warning', replaced: 'subtle' }

/**
 * Every decision ever recorded on one update, newest first (the audit trail): what, whether it
 * is in force, expired or replaced (and by which), the reason, who and when.
 */
export function DecisionHistory(props: { readonly kb: string; readonly history: readonly DecisionRecord[] | null; readonly error: ApiError | null }) {
  const styles = useStyles()
  const { history } = props
  const label = `Decision history for ${props.kb}`
  return (
    <section aria-label={label}>
      <h3 className={styles.heading}>Decision history{history ? ` (${history.length.toLocaleString()})` : ''}</h3>
      <ErrorBar title="The decision history could not be read" error={props.error} />
      {history === null && !props.error ? <Spinner size="tiny" label="Reading the decisions…" /> : null}
      {history?.length === 0 ? <Text className={styles.muted}>No decision has been recorded on {props.kb}.</Text> : null}
      {history && history.length > 0 ? (
        <ol className={styles.list} aria-label={label}>
          {history.map((decision, index) => {
            const standing = decisionStanding(history, index)
            const newer = index > 0 ? history[index - 1] : undefined
            return (
              <li key={decision.id} className={styles.item}>
                <span className={styles.head}>
                  <Text weight="semibold">{decisionLabel(decision)}</Text>
                  <Badge appearance="tint" color={STANDING_COLOR[standing]}>
                    {STANDING_LABELS[standing]}
                  </Badge>
                  {standing === 'replaced' && decision.expired ? (
                    <Badge appearance="outline" color="warning">
                      Expired
                    </Badge>
                  ) : null}
                </span>
                <Text>{decisionByline(decision)}</Text>
                {newer ? <Text className={styles.muted} size={200}>Replaced by “{decisionLabel(newer)}”, {formatDateTime(newer.decidedAt)}.</Text> : null}
                {standing === 'expired' ? <Text className={styles.muted} size={200}>The deferral has passed: the update is undecided again.</Text> : null}
              </li>
            )
          })}
        </ol>
      ) : null}
    </section>
  )
}
