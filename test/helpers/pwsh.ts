import { findPowerShell } from '../../src-main/powershell/find-powershell'

/** The pwsh the tests use, or null; under CI=true a missing pwsh fails instead of skipping. */
export function testPowerShell(): string | null {
  const { executable } = findPowerShell()
  if (!executable && process.env.CI === 'true') throw new Error('CI=true but no PowerShell was found: .ci/run must install it')
  return executable
}
