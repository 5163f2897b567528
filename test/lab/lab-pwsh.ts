import fs from 'node:fs'
import path from 'node:path'
import { findPowerShell } from '../../src-main/powershell/find-powershell'
import { run } from './lab-exec'

/**
 * The command line that starts pwsh as the lab user, for sshd's `Subsystem powershell`.
 *
 * A pwsh every user can reach (e.g. /opt/microsoft/powershell/7/pwsh) is used as it is. The
 * .NET global tool lives under /root (mode 700) with files mode 744: the lab user can neither
 * reach nor execute it. Rather than open up root's home, the tool's `unix/` folder is hard-linked
 * (`cp -al`, instant; a plain copy if /tmp is another file system) into the lab folder and run as
 * `dotnet pwsh.dll`, which only needs the files to be readable.
 */
export function labPwshCommand(labFolder: string): string[] {
  const { executable, problem } = findPowerShell()
  if (!executable) throw new Error(`The lab needs PowerShell 7: ${problem ?? 'pwsh not found'}`)
  const real = fs.realpathSync(executable)
  if (reachableByAll(real, fs.constants.S_IXOTH)) return [real]

  const dll = findToolDll(path.dirname(executable))
  if (!dll) throw new Error(`${real} cannot be run by other users and is not a dotnet global tool the lab can re-link; install pwsh system-wide or set PATCHLANE_PWSH`)
  const dotnet = fs.realpathSync(run('sh', ['-c', 'command -v dotnet']).trim())
  if (!reachableByAll(dotnet, fs.constants.S_IXOTH)) throw new Error(`${dotnet} cannot be run by other users: the lab user needs the dotnet runtime`)
  const target = path.join(labFolder, 'pwsh')
  fs.rmSync(target, { recursive: true, force: true })
  try {
    run('cp', ['-al', path.dirname(dll), target])
  } catch {
    run('cp', ['-a', path.dirname(dll), target])
  }
  fs.chmodSync(target, 0o755)
  return [dotnet, path.join(target, 'pwsh.dll')]
}

/** `<tools>/.store/powershell/<v>/powershell/<v>/tools/<tfm>/any/unix/pwsh.dll`, the newest found. */
function findToolDll(toolsDir: string): string | null {
  const store = path.join(toolsDir, '.store', 'powershell')
  if (!fs.existsSync(store)) return null
  const found: string[] = []
  for (const version of fs.readdirSync(store)) {
    const tools = path.join(store, version, 'powershell', version, 'tools')
    if (!fs.existsSync(tools)) continue
    for (const tfm of fs.readdirSync(tools)) {
      const dll = path.join(tools, tfm, 'any', 'unix', 'pwsh.dll')
      if (fs.existsSync(dll)) found.push(dll)
    }
  }
  return found.sort().at(-1) ?? null
}

/** Whether every folder above `file` lets others through and `file` has `bit` for others. */
export function reachableByAll(file: string, bit: number): boolean {
  if ((fs.statSync(file).mode & bit) === 0) return false
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    if ((fs.statSync(dir).mode & fs.constants.S_IXOTH) === 0) return false
    if (dir === path.dirname(dir)) return true
  }
}
