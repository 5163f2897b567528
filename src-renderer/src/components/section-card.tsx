import { Body1, Card, makeStyles, Subtitle2, tokens } from '@fluentui/react-components'
import type { ReactNode } from 'react'

const useStyles = makeStyles({
  card: { padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalXL} ${tokens.spacingVerticalXL}`, gap: tokens.spacingVerticalM },
  header: { display: 'flex', alignItems: 'flex-start', justifyContent: 'space-between', gap: tokens.spacingHorizontalL },
  headText: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, minWidth: 0 },
  titleRow: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  icon: { display: 'flex', color: tokens.colorBrandForeground1 },
  title: { margin: 0 },
  description: { color: tokens.colorNeutralForeground2 },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexShrink: 0, whiteSpace: 'nowrap' },
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
})

/** A titled card (a region named by its title) grouping one topic of a screen, with optional actions. */
export function SectionCard(props: {
  readonly title: string
  readonly description?: ReactNode
  readonly icon?: ReactNode
  readonly actions?: ReactNode
  readonly children: ReactNode
}) {
  const styles = useStyles()
  return (
    <Card className={styles.card} role="region" aria-label={props.title}>
      <div className={styles.header}>
        <div className={styles.headText}>
          <div className={styles.titleRow}>
            {props.icon ? (
              <span className={styles.icon} aria-hidden>
                {props.icon}
              </span>
            ) : null}
            <Subtitle2 as="h2" className={styles.title}>
              {props.title}
            </Subtitle2>
          </div>
          {props.description ? <Body1 className={styles.description}>{props.description}</Body1> : null}
        </div>
        {props.actions ? <div className={styles.actions}>{props.actions}</div> : null}
      </div>
      <div className={styles.body}>{props.children}</div>
    </Card>
  )
}
