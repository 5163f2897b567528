import { z } from 'zod'
import { CoreError } from '../errors'
import type { PowerShellRunner } from '../powershell/runner'
import { ScriptFailure } from '../powershell/script-output'
import { defineScript } from '../powershell/script-spec'
import type { SecretCipher } from './secret-cipher'

/** Protect-PatchlaneSecret.ps1: DPAPI (current user) in PowerShell; the secret travels in the stdin envelope. */
export const protectPatchlaneSecret = defineScript({
  file: 'Protect-PatchlaneSecret.ps1',
  params: z.strictObject({
    Action: z.enum(['Protect', 'Unprotect']),
    Context: z.string().min(1).max(64),
    Text: z.string().max(1024).optional(),
    Blob: z.string().max(8192).optional(),
  }),
  output: z.union([z.strictObject({ blob: z.string() }), z.strictObject({ text: z.string() })]),
  timeoutMs: 30_000,
})

/**
 * Windows' keychain for the CLI: DPAPI under the signed-in user, run through the PowerShell
 * runner. The blob is DPAPI's own; only the same Windows user on the same computer opens it.
 */
export function dpapiCipher(runner: () => PowerShellRunner | null): SecretCipher {
  const shell = (): PowerShellRunner => {
    const found = runner()
    if (!found) throw new CoreError('powershell-missing', 'Windows DPAPI is reached through PowerShell, and none was found. Install PowerShell 7, or use --secret-key FILE.')
    return found
  }
  // Rethrown without the runner's own words: a malformed answer could quote stdout, which holds the secret on Unprotect.
  const failed = (error: unknown, what: string): CoreError =>
    error instanceof ScriptFailure && error.report ? new CoreError('powershell-failed', `${what}: ${error.report.message}`) : new CoreError('powershell-failed', `${what}: PowerShell did not answer as expected.`)

  return {
    protectedBy: 'keychain',
    description: 'Windows DPAPI (this Windows user)',
    async encrypt(plaintext, context) {
      let answer: z.output<typeof protectPatchlaneSecret.output>
      const found = shell()
      try {
        answer = await found.run(protectPatchlaneSecret, { Action: 'Protect', Context: context, Text: plaintext })
      } catch (error) {
        throw failed(error, `Encrypting the secret of credential "${context}" with DPAPI failed`)
      }
      if (!('blob' in answer)) throw new CoreError('powershell-failed', `DPAPI gave no blob for credential "${context}".`)
      return Buffer.from(answer.blob, 'base64')
    },
    async decrypt(blob, context) {
      let answer: z.output<typeof protectPatchlaneSecret.output>
      const found = shell()
      try {
        answer = await found.run(protectPatchlaneSecret, { Action: 'Unprotect', Context: context, Blob: blob.toString('base64') })
      } catch (error) {
        throw failed(error, `Reading the secret of credential "${context}" with DPAPI failed`)
      }
      if (!('text' in answer)) throw new CoreError('powershell-failed', `DPAPI gave no secret for credential "${context}".`)
      return answer.text
    },
  }
}
