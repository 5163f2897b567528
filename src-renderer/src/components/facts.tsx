import { makeStyles, tokens } from '@fluentui/react-components'
import type { ReactNode } from 'react'

const useStyles = makeStyles({
  list: {
    display: 'grid',
    gridTemplateColumns: 'minmax(10rem, max-content) 1fr',
    columnGap: tokens.spacingHorizontalXXL,
    rowGap: tokens.spacingVerticalS,
    margin: 0,
  },
  term: { color: tokens.colorNeutralForeground2 },
  value: { margin: 0, overflowWrap: 'anywhere', fontWeight: tokens.fontWeightRegular },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
})

/** One row of a facts list; `mono` for paths and identifiers. */
export interface Fact {
  readonly label: string
  readonly value: ReactNode
  readonly mono?: boolean
}

/** Label/value pairs as a description list, the way Windows property pages show them. */
export function Facts({ facts, label }: { readonly facts: readonly Fact[]; readonly label?: string }) {
  const styles = useStyles()
  return (
    <dl className={styles.list} aria-label={label}>
      {facts.map((fact) => (
        <div key={fact.label} style={{ display: 'contents' }}>
          <dt className={styles.term}>{fact.label}</dt>
          <dd className={fact.mono ? `${styles.value} ${styles.mono}` : styles.value}>{fact.value}</dd>
        </div>
      ))}
    </dl>
  )
}
