import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Input, Output } from '../../../../src-main/contract/api'
import { createFakeApi, fail, ok, type FakeApi } from '../../../helpers/fake-api'
import { renderDetect } from './render-detect'
import { scanDetail, scanHost } from './fixtures'

type Credential = Output<'listCredentials'>[number]

const OFFICE: Credential = { name: 'Office admins', userName: 'CORP\\patch-admin', kind: 'password', keyFile: null, protectedBy: 'safe-storage', createdAt: '2026-11-27T08:00:00.000Z' }
const LAB_KEY: Credential = { name: 'lab-ssh', userName: 'patchlane-lab', kind: 'key-file', keyFile: '/root/.ssh/lab_ed25519', protectedBy: 'none', createdAt: '2026-11-27T08:05:00.000Z' }
const PASSWORD = 'Tr0ub4dor&3-never-logged'

/** A fake credential store behind the fake API: it keeps what saveCredential was given, as main would. */
function credentialApi(initial: Credential[]): FakeApi {
  const stored = [...initial]
  return createFakeApi({
    listCredentials: () => ok([...stored]),
    saveCredential: (input: Input<'saveCredential'>) => {
      const saved: Credential = { name: input.name, userName: input.userName, kind: input.password ? 'password' : 'key-file', keyFile: input.keyFile ?? null, protectedBy: input.password ? 'key-file' : 'none', createdAt: '2026-11-27T09:00:00.000Z' }
      stored.push(saved)
      return ok(saved)
    },
    deleteCredential: ({ name }) => {
      const at = stored.findIndex((credential) => credential.name === name)
      if (at >= 0) stored.splice(at, 1)
      return ok({ deleted: at >= 0 })
    },
    startScan: ok({ scanId: 'scan-1', hosts: 1, notes: [] }),
    getScan: ok(scanDetail([scanHost()])),
  })
}

afterEach(() => vi.restoreAllMocks())

// Fluent's dialogs in jsdom take seconds on a busy shared machine.
describe('Detect: stored credentials', () => {
  it('lists stored credentials by name and user, and a chosen one is sent by name only', async () => {
    const api = credentialApi([OFFICE, LAB_KEY])
    renderDetect(api)
    const select = screen.getByRole('combobox', { name: 'Credential' })
    await within(select).findByRole('option', { name: 'Office admins — CORP\\patch-admin (password)' })
    expect(within(select).getByRole('option', { name: 'lab-ssh — patchlane-lab (SSH key)' })).toBeInTheDocument()
    await userEvent.selectOptions(select, 'Office admins')
    expect(screen.getByText(/Signs in as CORP\\patch-admin with a password; its password is encrypted by Windows for your account/)).toBeInTheDocument()
    // A stored credential replaces the one-off SSH fields.
    expect(screen.queryByRole('textbox', { name: /SSH user name/ })).toBeNull()
    await userEvent.type(screen.getByRole('textbox', { name: /Computer name or IP address/ }), 'PC-0142')
    await userEvent.click(screen.getByRole('button', { name: 'Start scan' }))
    expect(api.calls.find((call) => call.method === 'startScan')?.input).toEqual({ targets: ['PC-0142'], transport: 'auto', concurrency: 8, credentialName: 'Office admins' })
  }, 20_000)

  it('adds a credential with a masked password that goes to saveCredential and nowhere else', async () => {
    const logged = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) => vi.spyOn(console, level))
    const api = credentialApi([])
    renderDetect(api)
    await userEvent.click(screen.getByRole('button', { name: 'Add credential…' }))
    const dialog = await screen.findByRole('dialog', { name: 'Add a credential' })
    await userEvent.type(within(dialog).getByRole('textbox', { name: /^Name/ }), 'Office admins')
    await userEvent.type(within(dialog).getByRole('textbox', { name: /^User name/ }), 'CORP\\patch-admin')
    const password = within(dialog).getByLabelText(/^Password/, { selector: 'input[type="password"]' })
    expect(password).toHaveAttribute('type', 'password')
    await userEvent.type(password, PASSWORD)
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save credential' }))

    expect(api.calls.filter((call) => call.method === 'saveCredential')).toEqual([{ method: 'saveCredential', input: { name: 'Office admins', userName: 'CORP\\patch-admin', password: PASSWORD } }])
    // Saved: the dialog is gone, the list read again, the new credential chosen.
    await screen.findByText(/Signs in as CORP\\patch-admin with a password; its password is encrypted with Patchlane’s key file/)
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    await waitFor(() => expect(screen.getByRole('combobox', { name: 'Credential' })).toHaveValue('Office admins'))
    // The password is in no input, no text and no other call, and was never logged.
    expect(document.body.innerHTML).not.toContain(PASSWORD)
    expect(api.calls.filter((call) => JSON.stringify(call.input).includes(PASSWORD)).map((call) => call.method)).toEqual(['saveCredential'])
    for (const spy of logged) expect(JSON.stringify(spy.mock.calls)).not.toContain(PASSWORD)
  }, 20_000)

  it('shows a refused save in the dialog and asks for the password again', async () => {
    const api = credentialApi([])
    api.answer('saveCredential', fail('invalid-input', 'name: use letters, digits, space, dot, underscore, @ or dash (at most 64), starting with a letter or digit'))
    renderDetect(api)
    await userEvent.click(screen.getByRole('button', { name: 'Add credential…' }))
    const dialog = await screen.findByRole('dialog', { name: 'Add a credential' })
    await userEvent.type(within(dialog).getByRole('textbox', { name: /^Name/ }), '-bad')
    await userEvent.type(within(dialog).getByRole('textbox', { name: /^User name/ }), 'admin')
    await userEvent.type(within(dialog).getByLabelText(/^Password/, { selector: 'input[type="password"]' }), PASSWORD)
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save credential' }))
    expect(await within(dialog).findByText(/name: use letters, digits/)).toBeInTheDocument()
    expect(within(dialog).getByText('The credential was not saved')).toBeInTheDocument()
    expect(within(dialog).getByLabelText(/^Password/, { selector: 'input[type="password"]' })).toHaveValue('')
    expect(within(dialog).getByRole('button', { name: 'Save credential' })).toBeDisabled()
    expect(document.body.innerHTML).not.toContain(PASSWORD)
  }, 20_000)

  it('adds an SSH key-file credential by path, without a password', async () => {
    const api = credentialApi([])
    renderDetect(api)
    await userEvent.click(screen.getByRole('button', { name: 'Add credential…' }))
    const dialog = await screen.findByRole('dialog', { name: 'Add a credential' })
    await userEvent.type(within(dialog).getByRole('textbox', { name: /^Name/ }), 'lab-ssh')
    await userEvent.type(within(dialog).getByRole('textbox', { name: /^User name/ }), 'patchlane-lab')
    await userEvent.click(within(dialog).getByRole('radio', { name: 'SSH private key file' }))
    await userEvent.type(within(dialog).getByRole('textbox', { name: /^Private key file/ }), '/root/.ssh/lab_ed25519')
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save credential' }))
    expect(api.calls.find((call) => call.method === 'saveCredential')?.input).toEqual({ name: 'lab-ssh', userName: 'patchlane-lab', keyFile: '/root/.ssh/lab_ed25519' })
    expect(await screen.findByText(/with the SSH key \/root\/\.ssh\/lab_ed25519; no secret is stored/)).toBeInTheDocument()
  }, 20_000)

  it('deletes the chosen credential after asking, and falls back to no stored credential', async () => {
    const api = credentialApi([OFFICE, LAB_KEY])
    renderDetect(api)
    const select = screen.getByRole('combobox', { name: 'Credential' })
    await within(select).findByRole('option', { name: /^lab-ssh/ })
    expect(screen.getByRole('button', { name: 'Delete credential' })).toBeDisabled()
    await userEvent.selectOptions(select, 'lab-ssh')
    await userEvent.click(screen.getByRole('button', { name: 'Delete credential' }))
    const question = await screen.findByRole('alertdialog', { name: 'Delete the credential “lab-ssh”?' })
    await userEvent.click(within(question).getByRole('button', { name: 'Delete' }))
    expect(api.calls.filter((call) => call.method === 'deleteCredential').map((call) => call.input)).toEqual([{ name: 'lab-ssh' }])
    await within(select).findByRole('option', { name: /^None/ })
    await expect.poll(() => within(select).queryByRole('option', { name: /^lab-ssh/ })).toBeNull()
    expect(select).toHaveValue('')
    expect(screen.getByRole('textbox', { name: /SSH user name/ })).toBeInTheDocument()
  }, 20_000)

  it('says when the credential list cannot be read, and still scans without one', async () => {
    const api = credentialApi([])
    api.answer('listCredentials', fail('store-failed', 'The credential store could not be read: the key file is missing.'))
    renderDetect(api)
    expect(await screen.findByText('The credential store could not be read: the key file is missing.')).toBeInTheDocument()
    await userEvent.type(screen.getByRole('textbox', { name: /Computer name or IP address/ }), 'PC-0142')
    expect(screen.getByRole('button', { name: 'Start scan' })).toBeEnabled()
  }, 20_000)
})
