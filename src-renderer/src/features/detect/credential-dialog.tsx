import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input, makeStyles, Radio, RadioGroup, tokens } from '@fluentui/react-components'
import { useState } from 'react'
import type { ApiError } from '../../../../src-main/contract/api'
import { ErrorBar } from '../../components/error-bar'
import { useCredentialStore } from './credential-store-context'

type Kind = 'password' | 'key-file'

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
})

/**
 * "Add a credential": name, user name, and a masked password or an SSH private key file's path.
 *
 * The password lives only in this dialog's state until it is handed to saveCredential, and is
 * cleared as soon as the call returns, saved or not (a refused save asks for it again). It is
 * never logged, never put in a store, and never read back: the list shows names and users only.
 */
export function CredentialDialog({ onClose, onSaved }: { readonly onClose: () => void; readonly onSaved: (name: string) => void }) {
  // Mounted only while open (Fluent's focus trap misjudges a dialog that opens after mounting
  // closed, in jsdom at least), so its state — the password — also goes when it closes.
  return (
    <Dialog open onOpenChange={(_, data) => (data.open ? undefined : onClose())}>
      <DialogSurface>
        <CredentialForm onClose={onClose} onSaved={onSaved} />
      </DialogSurface>
    </Dialog>
  )
}

function CredentialForm({ onClose, onSaved }: { readonly onClose: () => void; readonly onSaved: (name: string) => void }) {
  const styles = useStyles()
  const save = useCredentialStore((s) => s.save)
  const saving = useCredentialStore((s) => s.saving)
  const [name, setName] = useState('')
  const [userName, setUserName] = useState('')
  const [kind, setKind] = useState<Kind>('password')
  const [password, setPassword] = useState('')
  const [keyFile, setKeyFile] = useState('')
  const [error, setError] = useState<ApiError | null>(null)
  const secretGiven = kind === 'password' ? password !== '' : keyFile.trim() !== ''
  const ready = name.trim() !== '' && userName.trim() !== '' && secretGiven && !saving

  const submit = async () => {
    if (!ready) return
    const result = await save({ name: name.trim(), userName: userName.trim(), ...(kind === 'password' ? { password } : { keyFile: keyFile.trim() }) })
    setPassword('')
    if (!result.ok) return setError(result.error)
    onSaved(result.saved.name)
  }

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault()
        void submit()
      }}
    >
      <DialogBody>
        <DialogTitle>Add a credential</DialogTitle>
        <DialogContent className={styles.content}>
          <ErrorBar title="The credential was not saved" error={error} />
          <Field label="Name" required hint="How scans refer to it, for example Office admins. Letters, digits, space, dot, underscore, @ or dash.">
            <Input value={name} maxLength={64} onChange={(_, data) => setName(data.value)} />
          </Field>
          <Field label="User name" required hint="DOMAIN\user, user@domain, or a local account name.">
            <Input value={userName} autoComplete="off" onChange={(_, data) => setUserName(data.value)} />
          </Field>
          <RadioGroup aria-label="Signs in with" layout="horizontal" value={kind} onChange={(_, data) => setKind(data.value as Kind)}>
            <Radio value="password" label="Password" />
            <Radio value="key-file" label="SSH private key file" />
          </RadioGroup>
          {kind === 'password' ? (
            <Field label="Password" required hint="Stored encrypted on this computer; it is never shown again.">
              <Input type="password" value={password} autoComplete="new-password" maxLength={1024} onChange={(_, data) => setPassword(data.value)} />
            </Field>
          ) : (
            <Field label="Private key file" required hint="Path on this computer, for example C:\Users\me\.ssh\id_ed25519. The key stays in its file.">
              <Input value={keyFile} onChange={(_, data) => setKeyFile(data.value)} />
            </Field>
          )}
        </DialogContent>
        <DialogActions>
          <Button appearance="primary" type="submit" disabled={!ready}>
            {saving ? 'Saving…' : 'Save credential'}
          </Button>
          <Button
            onClick={() => {
              setPassword('')
              onClose()
            }}
          >
            Cancel
          </Button>
        </DialogActions>
      </DialogBody>
    </form>
  )
}
