import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeTempDir } from '../../helpers/temp-dir'

/**
 * `patchlane credential …` and `scan --credential` through the real CLI (spawned, as a shell
 * would run it). No keychain runs here: PATH holds no secret-tool, so a password needs a key file.
 */
const ROOT = path.resolve(import.meta.dirname, '..', '..', '..')
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx')
const CLI = path.join(ROOT, 'src-main', 'cli', 'main.ts')
const PASSWORD = `cli-${Date.now().toString(36)}-Qw7#pZ`

describe('patchlane credential (CLI)', () => {
  let temp: ReturnType<typeof makeTempDir>
  let home: string
  let keyFile: string
  let sshKey: string
  beforeAll(() => {
    temp = makeTempDir('patchlane-credential-cli-')
    home = path.join(temp.dir, 'home')
    keyFile = path.join(temp.dir, 'secret.key')
    sshKey = path.join(temp.dir, 'id_ed25519')
    fs.writeFileSync(sshKey, 'a private key would be here\n', { mode: 0o600 })
  })
  afterAll(() => temp.cleanup())

  const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => {
    const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(PATCHLANE_SECRET_KEY|DBUS_SESSION_BUS_ADDRESS)$/.test(key)))
    return { ...base, PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin`, PATCHLANE_HOME: home, NO_COLOR: '1', ...extra }
  }
  const run = (args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}) =>
    spawnSync(TSX, [CLI, ...args], { env: options.env ?? env(), input: options.input ?? '', encoding: 'utf8', timeout: 120_000 })
  const noSecret = (result: { stdout: string; stderr: string }) => {
    expect(result.stdout).not.toContain(PASSWORD)
    expect(result.stderr).not.toContain(PASSWORD)
  }

  it('stores a password read from stdin, encrypted with the key file it makes 0600, and lists it without the secret', () => {
    const added = run(['credential', 'add', 'lab', '--user', 'patchlane-lab', '--password-stdin', '--secret-key', keyFile, '--json'], { input: `${PASSWORD}\n` })
    expect(added.status, added.stderr).toBe(0)
    noSecret(added)
    expect(JSON.parse(added.stdout)).toMatchObject({ name: 'lab', userName: 'patchlane-lab', kind: 'password', protectedBy: 'key-file', keyFile: null })
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600)
    const viaEnv = run(['credential', 'add', 'lab2', '--user', 'ann', '--password-stdin'], { input: PASSWORD, env: env({ PATCHLANE_SECRET_KEY: keyFile }) })
    expect(viaEnv.status, viaEnv.stderr).toBe(0)
    expect(viaEnv.stdout).toBe('Stored credential "lab2" (ann, password, encrypted with a key file).\n')
    const keyed = run(['credential', 'add', 'ssh-key', '--user', 'admin', '--key-file', sshKey])
    expect(keyed.status, keyed.stderr).toBe(0)

    const listed = run(['credential', 'list', '--json'])
    expect(listed.status).toBe(0)
    noSecret(listed)
    expect((JSON.parse(listed.stdout) as Array<{ name: string; protectedBy: string }>).map((c) => [c.name, c.protectedBy])).toEqual([
      ['lab', 'key-file'],
      ['lab2', 'key-file'],
      ['ssh-key', 'none'],
    ])
    expect(run(['credential', 'list']).stdout).toMatch(/^ssh-key\tadmin\tkey file .*id_ed25519\tadded /m)
    const db = fs.readFileSync(path.join(home, 'patchlane.db'))
    expect(db.includes(Buffer.from(PASSWORD))).toBe(false)
  })

  it('never takes a password as an argument, and says how to give one', () => {
    const asOption = run(['credential', 'add', 'x', '--user', 'u', '--password', PASSWORD])
    expect(asOption.status).toBe(2)
    expect(asOption.stderr).toMatch(/unknown option '--password'/)
    noSecret(asOption)
    const asArgument = run(['credential', 'add', 'x', PASSWORD, '--user', 'u', '--secret-key', keyFile])
    expect(asArgument.status).toBe(2)
    noSecret(asArgument)
    const noTerminal = run(['credential', 'add', 'x', '--user', 'u', '--secret-key', keyFile])
    expect(noTerminal.status).toBe(2)
    expect(noTerminal.stderr).toBe('patchlane: No terminal to ask for the password on: pipe it in with --password-stdin.\n')
    const empty = run(['credential', 'add', 'x', '--user', 'u', '--password-stdin', '--secret-key', keyFile], { input: '\n' })
    expect(empty.stderr).toMatch(/The password is empty; nothing was saved/)
  })

  it('without a keychain or a key file, refuses before asking, naming what to do', () => {
    const refused = run(['credential', 'add', 'x', '--user', 'u', '--password-stdin'], { input: PASSWORD })
    expect(refused.status).toBe(2)
    expect(refused.stderr).toMatch(/Cannot store a password: No OS keychain is available here: secret-tool .* is not installed.*--secret-key FILE, or PATCHLANE_SECRET_KEY=FILE/)
    noSecret(refused)
  })

  it('asks on a terminal with echo off', async () => {
    // `script` gives the CLI a pseudo-terminal; the password is typed only once the prompt shows.
    const child = spawn('script', ['-q', '-e', '-c', `${TSX} ${CLI} credential add typed --user bob --secret-key ${keyFile}`, '/dev/null'], { env: env(), stdio: ['pipe', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')))
    const done = new Promise<number | null>((resolve) => child.on('close', resolve))
    for (let waited = 0; !output.includes('Password for bob') && waited < 60_000; waited += 100) await new Promise((r) => setTimeout(r, 100))
    expect(output).toContain('Password for bob (credential "typed"): ')
    child.stdin.write(`${PASSWORD}\r`)
    expect(await done).toBe(0)
    expect(output).toContain('Stored credential "typed" (bob, password, encrypted with a key file).')
    expect(output).not.toContain(PASSWORD)
  }, 90_000)

  it('removes a credential; scan --credential refuses an unknown name and mixing with --user', () => {
    expect(run(['credential', 'remove', 'lab2']).stdout).toBe('Removed credential "lab2".\n')
    const again = run(['credential', 'remove', 'lab2'])
    expect(again.status).toBe(1)
    expect(again.stdout).toBe('No credential "lab2"; nothing removed.\n')
    const unknown = run(['scan', '--target', '10.231.0.250', '--credential', 'nope', '--secret-key', keyFile])
    expect(unknown.status).toBe(1)
    expect(unknown.stderr).toBe('patchlane: No stored credential "nope". `patchlane credential list` (or Settings) shows the credentials kept.\n')
    const mixed = run(['scan', '--target', '10.231.0.250', '--credential', 'lab', '--user', 'x'])
    expect(mixed.status).toBe(2)
    expect(mixed.stderr).toMatch(/Give either --credential or --user\/--key-file, not both/)
    const locked = run(['scan', '--target', '10.231.0.250', '--credential', 'lab'])
    expect(locked.status).toBe(2)
    expect(locked.stderr).toMatch(/Cannot read the password of credential "lab": no secret store is set up in this Patchlane\. No OS keychain/)
  })
})
