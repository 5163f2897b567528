import { execFile, execFileSync } from 'node:child_process'

/** Runs a command, returns its stdout; throws with the command and its stderr on failure. */
export function run(command: string, args: readonly string[], options: { input?: string } = {}): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], input: options.input })
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim()
    throw new Error(`${command} ${args.join(' ')} failed${stderr ? `: ${stderr}` : ''}`, { cause: error })
  }
}

/** Like run, but a failure is only logged (teardown keeps going). Returns whether it worked. */
export function tryRun(command: string, args: readonly string[], log: (line: string) => void): boolean {
  try {
    run(command, args)
    return true
  } catch (error) {
    log((error as Error).message)
    return false
  }
}

/** Writes a progress line to stderr: stdout carries only the JSON document. */
export function logToStderr(line: string): void {
  process.stderr.write(`lab: ${line}\n`)
}

/** run, without blocking: lets `up` generate keys and start sshds for several hosts at once. */
export function runAsync(command: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.join(' ')} failed${stderr.trim() ? `: ${stderr.trim()}` : ''}`, { cause: error }))
      else resolve(stdout)
    })
  })
}

/** Runs `task` over `items`, at most `limit` at a time. */
export async function eachLimited<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T
      await task(item)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
}
