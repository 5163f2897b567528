import os from 'node:os'
import path from 'node:path'

/**
 * The folder where Patchlane keeps its database and settings.
 *
 * `PATCHLANE_HOME` wins (tests, portable use on a USB stick). The Electron shell passes its
 * userData folder as `fallback`; the CLI uses `%APPDATA%\Patchlane` on Windows and the XDG
 * config folder elsewhere, so the app and the CLI share one store on Windows.
 */
export function resolveDataDir(env: NodeJS.ProcessEnv = process.env, fallback?: string): string {
  const home = env.PATCHLANE_HOME?.trim()
  if (home) return path.resolve(home)
  if (fallback) return fallback
  if (process.platform === 'win32') {
    return path.join(env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), 'Patchlane')
  }
  const config = env.XDG_CONFIG_HOME?.trim() || path.join(os.homedir(), '.config')
  return path.join(config, 'patchlane')
}
