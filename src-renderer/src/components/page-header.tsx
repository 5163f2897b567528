import { Caption1, makeStyles, Title2, tokens } from '@fluentui/react-components'
import type { ReactNode } from 'react'

const useStyles = makeStyles({
  root: { display: 'flex', alignItems: 'flex-end', justifyContent: 'space-between', gap: tokens.spacingHorizontalL, marginBottom: tokens.spacingVerticalL },
  text: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  title: { margin: 0 },
  eyebrow: { color: tokens.colorBrandForeground1, textTransform: 'uppercase', letterSpacing: '0.06em', fontWeight: tokens.fontWeightSemibold },
  subtitle: { color: tokens.colorNeutralForeground2, maxWidth: '72ch' },
})

/** Title block of a screen: an optional eyebrow (the phase), the title, a one-line purpose, actions. */
export function PageHeader(props: { readonly eyebrow?: string; readonly title: string; readonly subtitle: string; readonly actions?: ReactNode }) {
  const styles = useStyles()
  return (
    <header className={styles.root}>
      <div className={styles.text}>
        {props.eyebrow ? <Caption1 className={styles.eyebrow}>{props.eyebrow}</Caption1> : null}
        <Title2 as="h1" className={styles.title}>
          {props.title}
        </Title2>
        <span className={styles.subtitle}>{props.subtitle}</span>
      </div>
      {props.actions ? <div>{props.actions}</div> : null}
    </header>
  )
}
