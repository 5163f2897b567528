import { execFile } from 'node:child_process'
import path from 'node:path'
import { z } from 'zod'
import { labDir } from './lab-layout'
import { LabBusyError, acquireLabLock } from './lab-lock'

/**
 * How tests bring the lab up and down: through the real CLI (so its one-JSON-document stdout is
 * what they rely on), owning the lab for as long as this process lives (PATCHLANE_LAB_OWNER), and
 * waiting while another test run on this shared machine owns it.
 */

const root = path.join(import.meta.dirname, '..', '..')
const tsx = path.join(root, 'node_modules', '.bin', 'tsx')
const labCli = path.join(root, 'test', 'lab', 'lab.ts')

/** The document `up` prints. */
export const labDescriptionSchema = z.object({
  hosts: z.array(z.object({ name: z.string(), address: z.string(), mode: z.string(), fixture: z.string() })),
  listFile: z.string(),
  hostsFile: z.string(),
  user: z.string(),
  keyFile: z.string(),
  subnet: z.string(),
  sshOptions: z.record(z.string(), z.string()),
})
export type LabUp = z.infer<typeof labDescriptionSchema>

function cli(args: readonly string[]): Promise<{ stdout: string; stderr: string; failed: boolean }> {
  return new Promise((resolve) => {
    execFile(tsx, [labCli, ...args], { cwd: root, env: { ...process.env, PATCHLANE_LAB_OWNER: String(process.pid) }, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ stdout, stderr, failed: error !== null })
    })
  })
}

/**
 * `npm run -s lab -- up ARGS` as this process; waits up to `waitMs` while another run owns the lab.
 * Example: `await startLab(['--hosts', '20', '--slow', 'h02:3'])`.
 */
export async function startLab(args: readonly string[], waitMs = 10 * 60_000): Promise<LabUp> {
  const deadline = Date.now() + waitMs
  for (;;) {
    const { stdout, stderr, failed } = await cli(['up', ...args])
    if (!failed) return labDescriptionSchema.parse(JSON.parse(stdout))
    if (!/the lab is in use by PID/.test(stderr) || Date.now() > deadline) throw new Error(`lab up ${args.join(' ')} failed: ${stderr.trim()}`)
    await new Promise((resolve) => setTimeout(resolve, 2000))
  }
}

/** `npm run -s lab -- down` as this process (the owner). */
export async function stopLab(): Promise<void> {
  const { stderr, failed } = await cli(['down'])
  if (failed) throw new Error(`lab down failed: ${stderr.trim()}`)
}

/** Takes the lab for this process (waiting up to `waitMs` for another run), for tests that drive the CLI themselves. */
export async function claimLab(waitMs = 10 * 60_000): Promise<void> {
  const deadline = Date.now() + waitMs
  for (;;) {
    try {
      acquireLabLock(labDir(), process.pid)
      return
    } catch (error) {
      if (!(error instanceof LabBusyError) || Date.now() > deadline) throw error
      await new Promise((resolve) => setTimeout(resolve, 2000))
    }
  }
}
