import path from 'node:path'
import { PowerShell } from 'node-powershell'
import type { z } from 'zod'
import { CoreError } from '../errors'
import { buildInvocation } from './invocation'
import { parseScriptOutput } from './script-output'
import type { ScriptSpec } from './script-spec'

export interface RunOptions {
  readonly signal?: AbortSignal
  /** Overrides the spec's timeout (a slow WAN link, a big WSUS catalog). */
  readonly timeoutMs?: number
}

export interface PowerShellRunner {
  readonly executable: string
  run<P extends z.ZodType, O extends z.ZodType>(spec: ScriptSpec<P, O>, params: z.input<P>, options?: RunOptions): Promise<z.output<O>>
  /** Stops every shell; running invocations fail with `cancelled`. */
  dispose(): Promise<void>
}

export interface RunnerOptions {
  readonly executable: string
  readonly scriptsDir: string
  /** Long-lived shells kept warm; node-powershell serialises calls per shell. */
  readonly poolSize?: number
}

/**
 * Runs script files in a pool of long-lived PowerShell processes (node-powershell).
 *
 * A shell that timed out, was cancelled or died is disposed and replaced: node-powershell leaves
 * an instance unusable after a timeout. stderr is reserved for the scripts' JSON error document.
 */
export function createPowerShellRunner(options: RunnerOptions): PowerShellRunner {
  const poolSize = Math.max(1, options.poolSize ?? 1)
  const idle: PowerShell[] = []
  const waiters: Array<() => void> = []
  const live = new Set<PowerShell>()
  let disposed = false

  function newShell(): PowerShell {
    const shell = new PowerShell({
      executable: options.executable,
      throwOnInvocationError: false,
      // pwsh on a non-Windows terminal type writes keypad-mode escapes around every read;
      // TERM=dumb keeps stdout to exactly what the scripts print.
      spawnOptions: { env: { ...process.env, TERM: 'dumb', NO_COLOR: '1' } },
      executableOptions: { '-NoLogo': true, '-NoProfile': true, '-NonInteractive': true, '-ExecutionPolicy': 'Bypass' },
    })
    // The command line of an invocation can hold a credential (inside its base64 envelope):
    // silence node-powershell's DEBUG logger so no DEBUG=* setting can print it.
    const quiet = () => undefined
    Object.assign(shell as unknown as { debuggers: unknown }, { debuggers: { comment: quiet, command: quiet, output: quiet } })
    live.add(shell)
    return shell
  }

  async function acquire(): Promise<PowerShell> {
    for (;;) {
      if (disposed) throw new CoreError('cancelled', 'PowerShell runner was stopped.')
      const shell = idle.pop()
      if (shell) return shell
      if (live.size < poolSize) return newShell()
      await new Promise<void>((resolve) => waiters.push(resolve))
    }
  }

  function release(shell: PowerShell, healthy: boolean): void {
    if (healthy && !disposed) idle.push(shell)
    else void kill(shell)
    waiters.shift()?.()
  }

  async function kill(shell: PowerShell): Promise<void> {
    live.delete(shell)
    try {
      await shell.dispose('SIGKILL')
    } catch {
      // The process is already gone; nothing to clean up.
    }
  }

  return {
    executable: options.executable,
    async run(spec, rawParams, runOptions = {}) {
      const params = spec.params.parse(rawParams) as Record<string, unknown>
      const scriptPath = path.join(options.scriptsDir, spec.file)
      const command = buildInvocation(scriptPath, params)
      const timeoutMs = runOptions.timeoutMs ?? spec.timeoutMs
      if (runOptions.signal?.aborted) throw new CoreError('cancelled', `${spec.file} was cancelled.`)
      const shell = await acquire()
      let healthy = false
      let timer: NodeJS.Timeout | undefined
      let onAbort: (() => void) | undefined
      try {
        const stopped = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new CoreError('powershell-failed', `${spec.file} did not finish within ${Math.round(timeoutMs / 1000)} s and was stopped.`)), timeoutMs)
          onAbort = () => reject(new CoreError('cancelled', `${spec.file} was cancelled.`))
          runOptions.signal?.addEventListener('abort', onAbort, { once: true })
        })
        const record = await Promise.race([shell.invoke(command), stopped])
        // node-powershell keeps every command and its output; keep nothing that may hold a secret.
        shell.history.length = 0
        healthy = true
        return parseScriptOutput(spec, record.stdout?.toString('utf8') ?? '', record.stderr?.toString('utf8') ?? '')
      } catch (error) {
        if (error instanceof CoreError) throw error
        throw new CoreError('powershell-failed', `${spec.file}: PowerShell stopped unexpectedly (${(error as Error).message}).`, { cause: error })
      } finally {
        clearTimeout(timer)
        if (onAbort) runOptions.signal?.removeEventListener('abort', onAbort)
        release(shell, healthy)
      }
    },
    async dispose() {
      disposed = true
      idle.length = 0
      waiters.splice(0).forEach((wake) => wake())
      await Promise.all([...live].map(kill))
    },
  }
}
