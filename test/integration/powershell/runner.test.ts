import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { createPowerShellRunner } from '../../../src-main/powershell/runner'
import { defineScript } from '../../../src-main/powershell/script-spec'
import { getPatchlaneHost } from '../../../src-main/powershell/scripts'
import { defaultScriptsDir } from '../../../src-main/powershell/scripts-dir'
import { testPowerShell } from '../../helpers/pwsh'

const pwsh = testPowerShell()
const fixtures = path.join(import.meta.dirname, '..', '..', 'fixtures', 'powershell')

const writeParameters = defineScript({
  file: 'Write-Parameters.ps1',
  params: z.strictObject({ ComputerName: z.string(), Port: z.number().int().optional(), Fail: z.boolean().optional(), SleepSeconds: z.number().int().optional() }),
  output: z.object({ computerName: z.string(), port: z.number() }),
  timeoutMs: 20_000,
})

describe.skipIf(!pwsh)('PowerShell runner (real pwsh)', () => {
  const runner = createPowerShellRunner({ executable: pwsh ?? 'pwsh', scriptsDir: fixtures, poolSize: 2 })
  const hostRunner = createPowerShellRunner({ executable: pwsh ?? 'pwsh', scriptsDir: defaultScriptsDir() })
  afterAll(async () => {
    await runner.dispose()
    await hostRunner.dispose()
  })

  it('runs Get-PatchlaneHost.ps1 and validates its document', async () => {
    const report = await hostRunner.run(getPatchlaneHost, {})
    expect(report.schemaVersion).toBe(1)
    expect(report.psVersion).toMatch(/^\d+\.\d+/)
    expect(['Core', 'Desktop']).toContain(report.edition)
    expect(report.computerName.length).toBeGreaterThan(0)
  })

  it('passes a hostile host name as one plain string parameter', async () => {
    const hostile = `pc1'; Remove-Item -Recurse C:\\ #`
    const hostile2 = `pc2"; $(Write-Output pwned) ‘; exit 7`
    expect(await runner.run(writeParameters, { ComputerName: hostile, Port: 5985 })).toEqual({ computerName: hostile, port: 5985 })
    expect(await runner.run(writeParameters, { ComputerName: hostile2 })).toEqual({ computerName: hostile2, port: 0 })
  })

  it('reports the script’s own JSON error and keeps the shell usable', async () => {
    await expect(runner.run(writeParameters, { ComputerName: 'pc9', Fail: true })).rejects.toThrow(/asked to fail for pc9/)
    expect(await runner.run(writeParameters, { ComputerName: 'pc10' })).toEqual({ computerName: 'pc10', port: 0 })
  })

  it('stops a script that overruns its timeout, then runs the next one in a fresh shell', async () => {
    await expect(runner.run(writeParameters, { ComputerName: 'slow', SleepSeconds: 30 }, { timeoutMs: 1500 })).rejects.toThrow(/did not finish within 2 s/)
    expect(await runner.run(writeParameters, { ComputerName: 'after' })).toEqual({ computerName: 'after', port: 0 })
  })

  it('cancels on an abort signal', async () => {
    const controller = new AbortController()
    const running = runner.run(writeParameters, { ComputerName: 'cancel-me', SleepSeconds: 30 }, { signal: controller.signal })
    setTimeout(() => controller.abort(), 300)
    await expect(running).rejects.toThrow(/cancelled/)
  })

  it('validates parameters before starting anything', async () => {
    await expect(runner.run(writeParameters, { ComputerName: 42 } as never)).rejects.toThrow()
  })
})
