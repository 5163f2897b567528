import { Button, Checkbox, Field, Input, makeStyles, Radio, RadioGroup, Select, SpinButton, Textarea, tokens } from '@fluentui/react-components'
import { useId, useRef, useState, type ChangeEvent } from 'react'
import type { Input as ApiInput } from '../../../../src-main/contract/api'
import { SectionCard } from '../../components/section-card'
import { useDetectStore } from './detect-store-context'
import { SignInCard, type SignIn } from './sign-in-card'
import { WuaOptions, wuaOption, wuaReady, type WuaChoice } from './wua-options'
import { targetsOf, type ManySource, type ScanMode, type TargetFields } from './scan-targets'

type Transport = ApiInput<'startScan'>['transport']

const TRANSPORTS: ReadonlyArray<{ readonly value: Transport; readonly label: string }> = [
  { value: 'auto', label: 'Automatic (from the ports that answer)' },
  { value: 'winrm', label: 'WinRM' },
  { value: 'ssh', label: 'PowerShell over SSH' },
  { value: 'dcom', label: 'DCOM (WMI)' },
  { value: 'local', label: 'This computer, no network' },
]

const useStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(18rem, 1fr))', gap: tokens.spacingVerticalM + ' ' + tokens.spacingHorizontalXL },
  inline: { display: 'flex', alignItems: 'flex-end', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS },
  hidden: { display: 'none' },
})

/** The Detect form: MBSA's two entries (one computer, more than one) and the scan options. */
export function ScanForm() {
  const styles = useStyles()
  const start = useDetectStore((s) => s.start)
  const starting = useDetectStore((s) => s.starting)
  const fileInput = useRef<HTMLInputElement>(null)
  const fileId = useId()
  const [fields, setFields] = useState<TargetFields>({ mode: 'one', computer: '', thisComputer: false, manySource: 'range', range: '', list: '' })
  const [transport, setTransport] = useState<Transport>('auto')
  const [signIn, setSignIn] = useState<SignIn>({ credentialName: '', userName: '', keyFile: '' })
  const [wua, setWua] = useState<WuaChoice>({ mode: 'none', cabFile: '' })
  const [concurrency, setConcurrency] = useState(8)
  const update = (patch: Partial<TargetFields>) => setFields((current) => ({ ...current, ...patch }))
  const targets = targetsOf(fields)

  const readListFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0]
    if (!file) return
    // The file is read here and sent as names: main never opens a path typed in the renderer for this.
    update({ list: await file.text(), manySource: 'list' })
    event.target.value = ''
  }

  const submit = () => {
    const option = wuaOption(wua)
    void start({
      targets,
      transport,
      concurrency,
      ...signInOption(signIn),
      ...(option ? { wua: option } : {}),
    })
  }

  return (
    <div className={styles.stack}>
      <SectionCard title="What to scan" description="Pick one computer, or many by address range, network or a list of names.">
        <RadioGroup aria-label="What to scan" layout="horizontal" value={fields.mode} onChange={(_, data) => update({ mode: data.value as ScanMode })}>
          <Radio value="one" label="Scan a computer" />
          <Radio value="many" label="Scan more than one computer" />
        </RadioGroup>
        {fields.mode === 'one' ? (
          <div className={styles.inline}>
            <Field label="Computer name or IP address" hint="For example PC-0142, pc-0142.corp.example.com or 10.1.2.3.">
              <Input value={fields.computer} disabled={fields.thisComputer} onChange={(_, data) => update({ computer: data.value })} />
            </Field>
            <Checkbox label="This computer" checked={fields.thisComputer} onChange={(_, data) => update({ thisComputer: data.checked === true })} />
          </div>
        ) : (
          <>
            <RadioGroup aria-label="How the computers are given" value={fields.manySource} onChange={(_, data) => update({ manySource: data.value as ManySource })}>
              <Radio value="range" label="IP address range or network" />
              <Radio value="list" label="List of computers (pasted, or read from a list file)" />
              <Radio value="domain" label="Active Directory domain — from the command line for now (patchlane scan domain:NAME)" disabled />
            </RadioGroup>
            {fields.manySource === 'range' ? (
              <Field label="Address range or network" hint="10.1.2.1-10.1.2.254 or 10.1.2.0/24; separate several with commas.">
                <Input value={fields.range} onChange={(_, data) => update({ range: data.value })} />
              </Field>
            ) : (
              <>
                <Field label="Computers" hint="One name or address per line; lines starting with # are ignored.">
                  <Textarea resize="vertical" rows={5} value={fields.list} onChange={(_, data) => update({ list: data.value })} />
                </Field>
                <div>
                  <input id={fileId} ref={fileInput} className={styles.hidden} type="file" accept=".txt,.csv,text/plain" aria-label="List file" onChange={(event) => void readListFile(event)} />
                  <Button onClick={() => fileInput.current?.click()}>Read a list file…</Button>
                </div>
              </>
            )}
          </>
        )}
      </SectionCard>

      <SectionCard title="Options" description="How Patchlane reaches the computers.">
        <div className={styles.grid}>
          <Field label="Transport">
            <Select value={transport} onChange={(_, data) => setTransport(data.value as Transport)}>
              {TRANSPORTS.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Computers scanned at once" hint="1 to 64.">
            <SpinButton min={1} max={64} value={concurrency} onChange={(_, data) => setConcurrency(clamp(data.value ?? Number(data.displayValue)))} />
          </Field>
        </div>
      </SectionCard>

      <SignInCard value={signIn} onChange={setSignIn} />

      <WuaOptions value={wua} onChange={setWua} />

      <div className={styles.actions}>
        <Button appearance="primary" disabled={targets.length === 0 || starting || !wuaReady(wua)} onClick={submit}>
          {starting ? 'Starting…' : fields.mode === 'one' ? 'Start scan' : `Start scan of ${targets.length === 1 ? '1 entry' : `${targets.length.toLocaleString()} entries`}`}
        </Button>
      </div>
    </div>
  )
}

/** The startScan sign-in fields: a stored credential by name, or an SSH user and key for this scan only. */
export function signInOption(signIn: SignIn): Pick<ApiInput<'startScan'>, 'credentialName' | 'userName' | 'keyFile'> {
  if (signIn.credentialName) return { credentialName: signIn.credentialName }
  return {
    ...(signIn.userName.trim() ? { userName: signIn.userName.trim() } : {}),
    ...(signIn.keyFile.trim() ? { keyFile: signIn.keyFile.trim() } : {}),
  }
}

function clamp(value: number): number {
  if (!Number.isFinite(value)) return 8
  return Math.min(64, Math.max(1, Math.round(value)))
}
