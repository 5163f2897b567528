import fs from 'node:fs'

/**
 * One lab per machine, and six people's test runs share the machine: a test that brings the lab
 * up names itself its owner (PATCHLANE_LAB_OWNER = a PID that lives as long as it needs the lab,
 * e.g. the vitest worker). While that process lives, `up` and `down` from anyone else refuse
 * (`down --force` overrides); callers that can wait retry (see lab-client.ts). A lock whose owner
 * died is stale and taken over. Manual use without an owner takes no lock but still respects one.
 */

/** Thrown when a live owner holds the lab. */
export class LabBusyError extends Error {
  constructor(readonly holder: number) {
    super(`the lab is in use by PID ${holder} (a test run); wait for it, or \`npm run -s lab -- down --force\` if that is wrong`)
    this.name = 'LabBusyError'
  }
}

function lockFile(dir: string): string {
  return `${dir}.lock`
}

/** The live PID holding the lab, or null (no lock, or its owner died). */
export function labLockHolder(dir: string): number | null {
  let pid: number
  try {
    pid = Number(fs.readFileSync(lockFile(dir), 'utf8').trim())
  } catch {
    return null
  }
  return pid > 0 && processExists(pid) ? pid : null
}

/** Throws LabBusyError unless the lab is free or already `owner`'s; then takes it for `owner` (if any). */
export function acquireLabLock(dir: string, owner: number | null): void {
  for (let attempt = 0; attempt < 3; attempt++) {
    const holder = labLockHolder(dir)
    if (holder !== null && holder !== owner) throw new LabBusyError(holder)
    if (owner === null) return
    if (holder === owner) return
    fs.rmSync(lockFile(dir), { force: true }) // stale
    try {
      // 'wx' fails if another process created the lock in between: look again.
      fs.writeFileSync(lockFile(dir), `${owner}\n`, { flag: 'wx' })
      return
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
  }
  throw new Error(`could not take the lab lock ${lockFile(dir)}`)
}

/** Checks `down` may go ahead (free, ours, or forced) and drops the lock. */
export function releaseLabLock(dir: string, owner: number | null, force: boolean): void {
  const holder = labLockHolder(dir)
  if (holder !== null && holder !== owner && !force) throw new LabBusyError(holder)
  fs.rmSync(lockFile(dir), { force: true })
}

/** The owner named by PATCHLANE_LAB_OWNER, or null. */
export function labOwnerFromEnv(env: NodeJS.ProcessEnv = process.env): number | null {
  const pid = Number(env.PATCHLANE_LAB_OWNER ?? '')
  return Number.isInteger(pid) && pid > 0 ? pid : null
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
