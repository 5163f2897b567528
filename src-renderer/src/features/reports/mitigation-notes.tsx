import { makeStyles, Text, tokens } from '@fluentui/react-components'
import type { Output } from '../../../../src-main/contract/api'
import { FindingMark } from './finding-marks'

type Vulnerability = NonNullable<Output<'getHostReport'>['assessment']>['vulnerabilities'][number]
type MitigationNote = Vulnerability['mitigation'][number]

const useStyles = makeStyles({
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalXL },
  unconfirmedList: { margin: 0, paddingLeft: 0, listStyle: 'none', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  unconfirmedItem: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-start' },
  muted: { color: tokens.colorNeutralForeground2 },
  block: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
})

function NoteText({ note }: { readonly note: MitigationNote }) {
  const styles = useStyles()
  return (
    <span>
      {note.text} <span className={styles.muted}>({note.because}; source: {note.source})</span>
    </span>
  )
}

/**
 * A CVE's mitigating factors on this computer: those found, and beside them those that cannot be
 * confirmed (the inventory lacks what the rule tests), marked with MBSA's blue asterisk and why.
 */
export function MitigationNotes({ vulnerability }: { readonly vulnerability: Vulnerability }) {
  const styles = useStyles()
  const found = vulnerability.mitigation
  const unconfirmed = vulnerability.mitigationUnconfirmed ?? []
  if (found.length === 0 && unconfirmed.length === 0) return null
  return (
    <div className={styles.block}>
      {found.length > 0 ? (
        <div>
          <Text weight="semibold">Mitigating factors found on this computer</Text>
          <ul className={styles.list} aria-label={`Mitigating factors found for ${vulnerability.cve}`}>
            {found.map((note) => (
              <li key={note.ruleId}>
                <NoteText note={note} />
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {unconfirmed.length > 0 ? (
        <div>
          <Text weight="semibold">Mitigating factors that cannot be confirmed</Text>
          <ul className={styles.unconfirmedList} aria-label={`Mitigating factors that cannot be confirmed for ${vulnerability.cve}`}>
            {unconfirmed.map((note) => (
              <li key={note.ruleId} className={styles.unconfirmedItem}>
                <FindingMark state="unconfirmed" />
                <span className={styles.block}>
                  <span>{note.text}</span>
                  <span className={styles.muted}>
                    Cannot be confirmed: {note.because}. Source: {note.source}
                  </span>
                </span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  )
}
