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
export function ensureLabUser(log: (line: string) => void): void {
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
  const shadow = fs.readFileSync('/etc/shadow', 'utf8').split('\n').find((line) => line.startsWith(`${LAB_USER}:`))
  if (shadow?.split(':')[1]?.startsWith('!')) run('usermod', ['-p', '*', LAB_USER])
}
