import { Button, Caption1, Field, Input, makeStyles, Radio, RadioGroup, tokens } from '@fluentui/react-components'
import { useId, useRef, type ChangeEvent } from 'react'
import type { Input as ApiInput } from '../../../../src-main/contract/api'
import { SectionCard } from '../../components/section-card'
import { localFilePaths, pathOf } from '../import/local-file-paths'

/** The Windows Update Agent choice as the form holds it; `cabFile` is kept while another mode is shown. */
export interface WuaChoice {
  readonly mode: 'none' | 'online' | 'offline'
  readonly cabFile: string
}

const CHOICES: ReadonlyArray<{ readonly mode: WuaChoice['mode']; readonly label: string; readonly explain: string }> = [
  { mode: 'none', label: 'Do not ask the agent', explain: 'Each computer is judged against Patchlane’s own catalog only.' },
  {
    mode: 'online',
    label: 'Online search',
    explain: 'The agent runs once on each host as a SYSTEM task and asks the host’s own update source (WSUS or Microsoft Update).',
  },
  {
    mode: 'offline',
    label: 'Offline search with wsusscn2.cab',
    explain: 'The cab file is copied to each host, the agent searches it there once as a SYSTEM task, and the copy is removed: for networks without WSUS or Internet.',
  },
]

const useStyles = makeStyles({
  choice: { display: 'flex', flexDirection: 'column' },
  explain: { color: tokens.colorNeutralForeground2, paddingLeft: '32px', marginTop: `calc(-1 * ${tokens.spacingVerticalXS})`, marginBottom: tokens.spacingVerticalS },
  inline: { display: 'flex', alignItems: 'flex-end', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  grow: { flexGrow: 1, minWidth: '18rem' },
  hidden: { display: 'none' },
})

/** The startScan `wua` option for a choice; undefined for "do not ask" or an offline choice with no file yet. */
export function wuaOption(choice: WuaChoice): ApiInput<'startScan'>['wua'] {
  if (choice.mode === 'online') return { mode: 'online' }
  if (choice.mode === 'offline' && choice.cabFile.trim()) return { mode: 'offline', cabFile: choice.cabFile.trim() }
  return undefined
}

/** True when the choice can be sent: an offline search needs its cab file. */
export function wuaReady(choice: WuaChoice): boolean {
  return choice.mode !== 'offline' || choice.cabFile.trim() !== ''
}

/**
 * Windows Update Agent options: none, online, or offline with Microsoft's wsusscn2.cab, each
 * explained in one line. The cab is a path on this computer: typed, or picked in the desktop
 * app (a browser page cannot learn a picked file's path, so there the path is typed).
 */
export function WuaOptions({ value, onChange }: { readonly value: WuaChoice; readonly onChange: (value: WuaChoice) => void }) {
  const styles = useStyles()
  const id = useId()
  const picker = useRef<HTMLInputElement>(null)
  const paths = localFilePaths()
  const cab = value.cabFile.trim()
  const pick = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0]
    const found = file ? pathOf(file, paths) : null
    if (found) onChange({ mode: 'offline', cabFile: found })
    event.target.value = ''
  }
  return (
    <SectionCard title="Windows Update Agent" description="Also ask each computer’s own Windows Update Agent what it lacks, and show its answer beside Patchlane’s in the report.">
      <RadioGroup aria-label="Windows Update Agent search" value={value.mode} onChange={(_, data) => onChange({ ...value, mode: data.value as WuaChoice['mode'] })}>
        {CHOICES.map((choice) => (
          <div key={choice.mode} className={styles.choice}>
            <Radio value={choice.mode} label={choice.label} input={{ 'aria-describedby': `${id}-${choice.mode}` }} />
            <Caption1 id={`${id}-${choice.mode}`} className={styles.explain}>
              {choice.explain}
            </Caption1>
          </div>
        ))}
      </RadioGroup>
      {value.mode === 'offline' ? (
        <div className={styles.inline}>
          <Field
            className={styles.grow}
            label="wsusscn2.cab file"
            required
            hint="A path on this computer, for example D:\Offline\wsusscn2.cab (Microsoft’s offline scan catalog)."
            validationState={cab === '' ? 'error' : /\.cab$/i.test(cab) ? 'none' : 'warning'}
            validationMessage={cab === '' ? 'Give the path of the wsusscn2.cab file.' : /\.cab$/i.test(cab) ? undefined : 'This does not end in .cab; the agent reads only Microsoft’s cab file.'}
          >
            <Input value={value.cabFile} onChange={(_, data) => onChange({ ...value, cabFile: data.value })} />
          </Field>
          {paths ? (
            <>
              <input ref={picker} className={styles.hidden} type="file" accept=".cab" aria-label="wsusscn2.cab file to pick" tabIndex={-1} onChange={pick} />
              <Button onClick={() => picker.current?.click()}>Choose…</Button>
            </>
          ) : null}
        </div>
      ) : null}
    </SectionCard>
  )
}
