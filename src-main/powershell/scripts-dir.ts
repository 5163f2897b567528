import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * Where the .ps1 files are: `PATCHLANE_SCRIPTS_DIR`, else beside the bundle (`out/scripts`, or
 * `resources/scripts` in a package), else the source folder when run from TypeScript.
 */
export function defaultScriptsDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PATCHLANE_SCRIPTS_DIR) return path.resolve(env.PATCHLANE_SCRIPTS_DIR)
  const here = path.dirname(fileURLToPath(import.meta.url))
  const resources = (process as { resourcesPath?: string }).resourcesPath
  const candidates = [
    ...(resources ? [path.join(resources, 'scripts')] : []),
    path.join(here, '..', 'scripts'),
    path.join(here, 'scripts'),
  ]
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'Get-PatchlaneHost.ps1'))) ?? path.join(here, 'scripts')
}
