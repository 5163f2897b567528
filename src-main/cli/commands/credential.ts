import type { Command } from 'commander'
import type { CredentialSummary } from '../../contract/schemas/credentials'
import { SaveCredentialInput } from '../../contract/schemas/credentials'
import { cliCipherFactory } from '../../credentials/cli-cipher'
import { CoreError } from '../../errors'
import { withServices } from '../open-services'
import { printJson, printLine } from '../output'
import { readPassword } from './credential-prompt'

interface AddOptions {
  user: string
  keyFile?: string
  passwordStdin?: boolean
  secretKey?: string
  json?: boolean
}

/**
 * `patchlane credential add|list|remove`: accounts kept for scans (`scan --credential NAME`).
 * Passwords are read from the terminal with echo off or from stdin, never from an argument, and
 * are encrypted with the OS keychain or the key file named by --secret-key / PATCHLANE_SECRET_KEY.
 */
export function registerCredential(program: Command): void {
  const credential = program.command('credential').description('Stored accounts for scans: add, list, remove.')
  credential
    .command('add <name>')
    .description('Store an account: an SSH key file, or a password (asked with echo off, or --password-stdin).')
    .requiredOption('--user <name>', 'account: DOMAIN\\user, user@domain or a local name')
    .option('--key-file <file>', 'SSH private key file (nothing secret is stored)')
    .option('--password-stdin', 'read the password from stdin (for scripts)')
    .option('--secret-key <file>', 'key file that encrypts passwords (made 0600 on first use; default: the OS keychain, or PATCHLANE_SECRET_KEY)')
    .option('--json', 'print the stored credential (never the password) as JSON')
    .action(async (name: string, options: AddOptions) => {
      await add(name, options)
    })
  credential
    .command('list')
    .description('List stored credentials (never their secrets).')
    .option('--json', 'print one JSON document')
    .action(async (options: { json?: boolean }) => {
      const list = await withServices(async (services) => services.credentials.list())
      if (options.json) printJson(list)
      else printList(list)
    })
  credential
    .command('remove <name>')
    .description('Delete a stored credential.')
    .option('--json', 'print {"deleted": true|false}')
    .action(async (name: string, options: { json?: boolean }) => {
      const result = await withServices(async (services) => services.credentials.delete(name))
      if (options.json) printJson(result)
      else printLine(result.deleted ? `Removed credential "${name}".` : `No credential "${name}"; nothing removed.`)
      if (!result.deleted) process.exitCode = 1
    })
}

async function add(name: string, options: AddOptions): Promise<void> {
  if (options.keyFile && options.passwordStdin) throw new CoreError('invalid-input', 'Give either --key-file or a password (--password-stdin or at the prompt), not both.')
  // Say so before asking for a password that could not be stored anyway.
  const choice = cliCipherFactory({ secretKey: options.secretKey })({ dataDir: '', runner: () => null })
  if (!options.keyFile && choice.cipher === null) throw new CoreError('invalid-input', `Cannot store a password: ${choice.why}`)
  const password = options.keyFile ? undefined : await readPassword({ fromStdin: options.passwordStdin ?? false, prompt: `Password for ${options.user} (credential "${name}"): ` })
  const parsed = SaveCredentialInput.safeParse({ name, userName: options.user, ...(options.keyFile ? { keyFile: options.keyFile } : { password }) })
  if (!parsed.success) {
    // Issue paths and messages only: zod's messages never quote the value, so no password shows.
    throw new CoreError('invalid-input', parsed.error.issues.map((issue) => `${issue.path.join('.') || 'credential'}: ${issue.message}`).join('; '))
  }
  const saved = await withServices(async (services) => services.credentials.save(parsed.data), { secrets: cliCipherFactory({ secretKey: options.secretKey }) })
  if (options.json) printJson(saved)
  else printLine(`Stored credential "${saved.name}" (${saved.userName}, ${saved.kind}${saved.protectedBy === 'none' ? '' : `, encrypted with ${protectionLabel(saved.protectedBy)}`}).`)
}

function printList(list: ReadonlyArray<CredentialSummary>): void {
  if (list.length === 0) {
    printLine('No stored credentials. Add one with: patchlane credential add NAME --user USER (--key-file FILE | --password-stdin)')
    return
  }
  for (const item of list) {
    const detail = item.kind === 'key-file' ? `key file ${item.keyFile}` : `password, ${protectionLabel(item.protectedBy)}`
    printLine(`${item.name}\t${item.userName}\t${detail}\tadded ${item.createdAt}`)
  }
}

function protectionLabel(protectedBy: CredentialSummary['protectedBy']): string {
  switch (protectedBy) {
    case 'safe-storage':
      return 'the app (safeStorage)'
    case 'keychain':
      return 'the OS keychain'
    case 'key-file':
      return 'a key file'
    case 'none':
      return 'nothing secret'
  }
}
