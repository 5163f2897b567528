import { Caption1, makeStyles, Subtitle2, tokens } from '@fluentui/react-components'
import { ShieldTask24Filled } from '@fluentui/react-icons'

const useStyles = makeStyles({
  bar: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    height: '48px',
    paddingInline: tokens.spacingHorizontalL,
    backgroundColor: tokens.colorNeutralBackground3,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  logo: { color: tokens.colorBrandForeground1, display: 'flex' },
  tagline: { color: tokens.colorNeutralForeground3, marginInlineStart: tokens.spacingHorizontalS },
})

/** The product bar across the top: name and what it is for. */
export function TitleBar() {
  const styles = useStyles()
  return (
    <div className={styles.bar} role="banner">
      <span className={styles.logo} aria-hidden>
        <ShieldTask24Filled />
      </span>
      <Subtitle2>Patchlane</Subtitle2>
      <Caption1 className={styles.tagline}>Windows patch management</Caption1>
    </div>
  )
}
