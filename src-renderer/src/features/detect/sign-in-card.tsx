import { Button, Caption1, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input, makeStyles, Select, Text, tokens } from '@fluentui/react-components'
import { useEffect, useState } from 'react'
import type { Output } from '../../../../src-main/contract/api'
import { ErrorBar } from '../../components/error-bar'
import { SectionCard } from '../../components/section-card'
import { CredentialDialog } from './credential-dialog'
import { useCredentialStore } from './credential-store-context'

type Credential = Output<'listCredentials'>[number]

/** How the scan signs in, as the form holds it: a stored credential's name, or '' and an optional SSH key. */
export interface SignIn {
  readonly credentialName: string
  readonly userName: string
  readonly keyFile: string
}

const PROTECTED_BY: Readonly<Record<Credential['protectedBy'], string>> = {
  'safe-storage': 'its password is encrypted by Windows for your account',
  keychain: 'its password is kept in the system keychain',
  'key-file': 'its password is encrypted with Patchlane’s key file',
  none: 'no secret is stored: the SSH key stays in its file',
}

const useStyles = makeStyles({
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(18rem, 1fr))', gap: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalXL}` },
  inline: { display: 'flex', alignItems: 'flex-end', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  grow: { flexGrow: 1, minWidth: '18rem' },
  note: { color: tokens.colorNeutralForeground2 },
})

/** "name — user (password)": a stored credential in the list. */
export function describeCredential(credential: Credential): string {
  return `${credential.name} — ${credential.userName} (${credential.kind === 'password' ? 'password' : 'SSH key'})`
}

/**
 * Sign-in: a stored credential chosen from the list, added here (masked) or deleted; or none,
 * which signs in as the user running Patchlane (Kerberos) or with an SSH key given for this scan.
 */
export function SignInCard({ value, onChange }: { readonly value: SignIn; readonly onChange: (value: SignIn) => void }) {
  const styles = useStyles()
  const credentials = useCredentialStore((s) => s.credentials)
  const load = useCredentialStore((s) => s.load)
  const remove = useCredentialStore((s) => s.remove)
  const error = useCredentialStore((s) => s.error)
  const [adding, setAdding] = useState(false)
  const [deleting, setDeleting] = useState<string | null>(null)
  useEffect(() => void load(), [load])
  const chosen = credentials.find((credential) => credential.name === value.credentialName) ?? null

  return (
    <>
      <SectionCard
        title="Sign-in"
        description="The account Patchlane signs in with on each computer."
        actions={<Button onClick={() => setAdding(true)}>Add credential…</Button>}
      >
        <ErrorBar title="Stored credentials could not be read or changed" error={error} />
        <div className={styles.inline}>
          <Field className={styles.grow} label="Credential">
            <Select value={chosen ? chosen.name : ''} onChange={(_, data) => onChange({ ...value, credentialName: data.value })}>
              <option value="">None: sign in as you (Windows sign-in), or with an SSH key below</option>
              {credentials.map((credential) => (
                <option key={credential.name} value={credential.name}>
                  {describeCredential(credential)}
                </option>
              ))}
            </Select>
          </Field>
          <Button disabled={!chosen} onClick={() => setDeleting(chosen?.name ?? null)}>
            Delete credential
          </Button>
        </div>
        {chosen ? (
          <Caption1 className={styles.note}>
            Signs in as {chosen.userName} {chosen.kind === 'password' ? 'with a password' : `with the SSH key ${chosen.keyFile ?? ''}`}; {PROTECTED_BY[chosen.protectedBy]}.
          </Caption1>
        ) : (
          <div className={styles.grid}>
            <Field label="SSH user name" hint="For PowerShell over SSH; Windows sign-in (Kerberos) is used otherwise.">
              <Input value={value.userName} onChange={(_, data) => onChange({ ...value, userName: data.value })} />
            </Field>
            <Field label="SSH private key file" hint="Path on this computer, for example C:\Users\me\.ssh\id_ed25519.">
              <Input value={value.keyFile} onChange={(_, data) => onChange({ ...value, keyFile: data.value })} />
            </Field>
          </div>
        )}
      </SectionCard>
      {adding ? (
        <CredentialDialog
          onClose={() => setAdding(false)}
          onSaved={(name) => {
            setAdding(false)
            onChange({ ...value, credentialName: name })
          }}
        />
      ) : null}
      {deleting === null ? null : (
        <DeleteCredentialDialog
          name={deleting}
          onClose={() => setDeleting(null)}
          onDelete={async (name) => {
            setDeleting(null)
            if (await remove(name)) onChange({ ...value, credentialName: '' })
          }}
        />
      )}
    </>
  )
}

function DeleteCredentialDialog({ name, onClose, onDelete }: { readonly name: string; readonly onClose: () => void; readonly onDelete: (name: string) => Promise<void> }) {
  return (
    <Dialog open modalType="alert" onOpenChange={(_, data) => (data.open ? undefined : onClose())}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Delete the credential “{name}”?</DialogTitle>
          <DialogContent>
            <Text as="p" block>
              Its password or key path is removed from this computer. Scans that name it (the command line’s --credential) will no longer sign in.
            </Text>
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={() => void onDelete(name)}>
              Delete
            </Button>
            <Button onClick={onClose}>Cancel</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  )
}
