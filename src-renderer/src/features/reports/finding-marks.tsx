import { makeStyles, tokens } from '@fluentui/react-components'
import { TextAsteriskFilled, CheckmarkCircleFilled, DismissCircleFilled, ShieldCheckmarkRegular } from '@fluentui/react-icons'
import type { Output } from '../../../../src-main/contract/api'

type UpdateState = NonNullable<Output<'getHostReport'>['assessment']>['updates'][number]['state']

const useStyles = makeStyles({
  mark: { display: 'inline-flex', alignItems: 'center', gap: tokens.spacingHorizontalXS, fontSize: tokens.fontSizeBase400, flexShrink: 0 },
  missing: { color: tokens.colorPaletteRedForeground1 },
  unconfirmed: { color: tokens.colorPaletteBlueForeground2 },
  ok: { color: tokens.colorPaletteGreenForeground1 },
  mitigated: { color: tokens.colorNeutralForeground2 },
})

/** MBSA's marks with their meaning in words: red cross missing, blue asterisk cannot be confirmed. */
export const STATE_LABELS: Readonly<Record<UpdateState, string>> = {
  missing: 'Missing',
  unconfirmed: 'Cannot be confirmed',
  mitigated: 'Mitigated',
  installed: 'Installed',
  superseded: 'Superseded',
  'pending-reboot': 'Installed, restart pending',
  'not-applicable': 'Not applicable',
}

/** The mark of an update's state; the icon is decorative, its label is read out. */
export function FindingMark({ state }: { readonly state: UpdateState }) {
  const styles = useStyles()
  const label = STATE_LABELS[state]
  const icon =
    state === 'missing' ? (
      <DismissCircleFilled className={styles.missing} aria-hidden />
    ) : state === 'unconfirmed' ? (
      <TextAsteriskFilled className={styles.unconfirmed} aria-hidden />
    ) : state === 'mitigated' ? (
      <ShieldCheckmarkRegular className={styles.mitigated} aria-hidden />
    ) : (
      <CheckmarkCircleFilled className={styles.ok} aria-hidden />
    )
  return (
    <span className={styles.mark} role="img" aria-label={label} title={label}>
      {icon}
    </span>
  )
}
