import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export interface PowerShellLocation {
  /** Absolute path of pwsh or powershell.exe, or null when none was found. */
  readonly executable: string | null
  /** Why none could be used, in words an administrator can act on. */
  readonly problem: string | null
}

/**
 * Finds the PowerShell to run scripts with: `PATCHLANE_PWSH`, then PATH, then the standard
 * install folders. PowerShell 7 (pwsh) is preferred over Windows PowerShell 5.1 where both exist,
 * because it starts faster and supports SSH remoting; the scripts run on either.
 *
 * node-powershell crashes the process on a missing executable, so the path is checked here first.
 */
export function findPowerShell(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): PowerShellLocation {
  const forced = env.PATCHLANE_PWSH?.trim()
  if (forced) {
    return isExecutable(forced, platform)
      ? { executable: path.resolve(forced), problem: null }
      : { executable: null, problem: `PATCHLANE_PWSH is set to ${forced}, which is not an executable file.` }
  }
  const names = platform === 'win32' ? ['pwsh.exe', 'powershell.exe'] : ['pwsh']
  const pathDirs = (env.PATH ?? env.Path ?? '').split(path.delimiter).filter(Boolean)
  for (const name of names) {
    for (const dir of pathDirs) {
      const candidate = path.join(dir, name)
      if (isExecutable(candidate, platform)) return { executable: candidate, problem: null }
    }
  }
  for (const candidate of standardLocations(env, platform)) {
    if (isExecutable(candidate, platform)) return { executable: candidate, problem: null }
  }
  return {
    executable: null,
    problem:
      platform === 'win32'
        ? 'Neither PowerShell 7 (pwsh.exe) nor Windows PowerShell (powershell.exe) was found. Check that %SystemRoot%\\System32\\WindowsPowerShell\\v1.0 exists, or set PATCHLANE_PWSH to the full path.'
        : 'PowerShell 7 (pwsh) was not found on PATH or in the usual folders. Install it (for example `dotnet tool install --global PowerShell`) or set PATCHLANE_PWSH to its full path.',
  }
}

function standardLocations(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string[] {
  if (platform === 'win32') {
    const programFiles = env.ProgramFiles ?? 'C:\\Program Files'
    const systemRoot = env.SystemRoot ?? 'C:\\Windows'
    return [
      path.win32.join(programFiles, 'PowerShell', '7', 'pwsh.exe'),
      path.win32.join(systemRoot, 'System32', 'WindowsPowerShell', 'v1.0', 'powershell.exe'),
    ]
  }
  const home = env.HOME ?? os.homedir()
  return [
    path.join(home, '.dotnet', 'tools', 'pwsh'),
    '/usr/bin/pwsh',
    '/usr/local/bin/pwsh',
    '/opt/microsoft/powershell/7/pwsh',
    '/opt/homebrew/bin/pwsh',
    '/snap/bin/pwsh',
  ]
}

function isExecutable(file: string, platform: NodeJS.Platform): boolean {
  try {
    const stat = fs.statSync(file)
    if (!stat.isFile()) return false
    if (platform === 'win32') return true
    fs.accessSync(file, fs.constants.X_OK)
    return true
  } catch {
    return false
  }
}
