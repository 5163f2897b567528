import fs from 'node:fs'
import { run } from './lab-exec'
import { LAB_USER, LAB_USER_HOME } from './lab-layout'

/**
 * Makes sure the lab account exists: a system user with /bin/sh (root's shell start-up costs
 * ~0.7 s per connection) and a home pwsh can write its caches to. Its password field is set to
 * `*` (no password, not locked): with `UsePAM no`, sshd refuses key logins to a locked (`!`)
 * account, which is how useradd leaves it. The account is kept after `down` (cheap, and
 * re-creating it each time would churn /etc/passwd); remove it with `userdel -r patchlane-lab`.
 */
export function ensureLabUser(log: (line: string) => void, password: string | null = null): void {
  let exists = true
  try {
    run('getent', ['passwd', LAB_USER])
  } catch {
    exists = false // getent exits 2 for an unknown user
  }
  if (!exists) {
    log(`creating user ${LAB_USER}`)
    run('useradd', ['--system', '--create-home', '--home-dir', LAB_USER_HOME, '--shell', '/bin/sh', '--user-group', LAB_USER])
  }
  if (password !== null) {
    // chpasswd reads "user:password" on stdin: the password is never on a command line.
    log(`setting the password of ${LAB_USER} for the password-auth hosts`)
    run('chpasswd', [], { input: `${LAB_USER}:${password}\n` })
  } else {
    clearLabUserPassword()
  }
}

/**
 * Sets the lab user's password field back to `*` (no password, not locked): a password a test set
 * must not outlive its lab, where the machine's own sshd might accept it.
 */
export function clearLabUserPassword(): void {
  if (!fs.existsSync('/etc/shadow')) return
  const shadow = fs.readFileSync('/etc/shadow', 'utf8').split('\n').find((line) => line.startsWith(`${LAB_USER}:`))
  if (shadow && shadow.split(':')[1] !== '*') run('usermod', ['-p', '*', LAB_USER])
}

/** The password for `--password-auth` hosts: PATCHLANE_LAB_PASSWORD, which the test run chooses (never one in the repository). */
export function labPasswordFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const password = env.PATCHLANE_LAB_PASSWORD ?? ''
  if (password.length < 12 || /[:\n]/.test(password)) throw new Error('--password-auth needs PATCHLANE_LAB_PASSWORD: at least 12 characters, no colon or line break (the test chooses it)')
  return password
}
