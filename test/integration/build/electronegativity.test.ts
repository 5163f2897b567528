import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { makeTempDir } from '../../helpers/temp-dir'

const root = path.resolve(import.meta.dirname, '../../..')

function scan(args: string[]) {
  const run = spawnSync(process.execPath, ['scripts/electronegativity.mjs', ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 })
  const lines = run.stdout.trim().split('\n')
  return { ...run, lines, last: lines.at(-1) ?? '' }
}

describe('npm run test:electronegativity (scripts/electronegativity.mjs)', () => {
  const cleanups: Array<() => void> = []
  afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()))
  const temp = () => {
    const t = makeTempDir()
    cleanups.push(t.cleanup)
    return t.dir
  }

  it('passes on our tree: every MEDIUM+ finding is explained, and writes the report', () => {
    const report = path.join(temp(), 'report.json')
    const run = scan(['--report', report])
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
    expect(run.last).toMatch(/^[1-9]\d* passed, 0 failed$/)
    const written = JSON.parse(fs.readFileSync(report, 'utf8')) as { findings: Array<{ severe: boolean; explainedBy: string | null }> }
    expect(written.findings.filter((f) => f.severe && !f.explainedBy)).toEqual([])
  })

  it('fails an unsafe window and names the checks', () => {
    const tree = temp()
    fs.mkdirSync(path.join(tree, 'src-main/app'), { recursive: true })
    fs.writeFileSync(
      path.join(tree, 'src-main/app/window.ts'),
      "import { BrowserWindow } from 'electron'\n" +
        "export const win = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false, webSecurity: false } })\n" +
        "win.loadURL('http://example.com/')\n",
    )
    const run = scan(['--root', tree, '--report', path.join(tree, 'report.json')])
    expect(run.status).toBe(1)
    const unexplained = run.lines.filter((line) => line.startsWith('UNEXPLAINED'))
    expect(unexplained.join('\n')).toMatch(/HIGH\s+CONTEXT_ISOLATION_JS_CHECK src-main\/app\/window\.ts:2/)
    expect(unexplained.join('\n')).toMatch(/SANDBOX_JS_CHECK src-main\/app\/window\.ts:2/)
    expect(unexplained.join('\n')).toMatch(/WEB_SECURITY_JS_CHECK src-main\/app\/window\.ts:2/)
    // Without our security.ts, the navigation and permission guards are missing too.
    expect(unexplained.join('\n')).toMatch(/LIMIT_NAVIGATION_GLOBAL_CHECK/)
    expect(unexplained.join('\n')).toMatch(/PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK/)
    const [, passed, failed] = /^(\d+) passed, (\d+) failed$/.exec(run.last) ?? []
    expect(Number(failed)).toBeGreaterThanOrEqual(3)
    expect(Number(passed)).toBeGreaterThan(0)
  })

  it('fails when an explanation no longer matches any finding', () => {
    const explained = path.join(temp(), 'explained.json')
    const ours = JSON.parse(fs.readFileSync(path.join(root, '.electronegativity-explained.json'), 'utf8')) as unknown[]
    fs.writeFileSync(explained, JSON.stringify([...ours, { check: 'NODE_INTEGRATION_JS_CHECK', file: 'src-main/app/gone.ts', why: 'was fixed' }]))
    const run = scan(['--explained', explained, '--report', path.join(temp(), 'report.json')])
    expect(run.status).toBe(1)
    expect(run.stdout).toMatch(/STALE\s+NODE_INTEGRATION_JS_CHECK src-main\/app\/gone\.ts/)
    expect(run.last).toMatch(/ passed, 1 failed$/)
  })
})
