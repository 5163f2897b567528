import { createRequire } from 'node:module'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { APP_USER_MODEL_ID } from '../../../src-main/app/app-id'

const root = path.resolve(import.meta.dirname, '../../..')
const require = createRequire(import.meta.url)

interface BuilderConfig {
  appId: string
  productName: string
  files: Array<string | { filter: string[] }>
  asar: boolean
  asarUnpack: string[]
  extraResources: Array<{ from: string; to: string }>
  electronFuses: Record<string, boolean>
  win: { target: Array<{ target: string }> }
}

/** electron-builder's own loader and schema check; no Electron zip or network needed. */
async function loadBuilderConfig(): Promise<BuilderConfig> {
  const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
    getConfig: (projectDir: string, configPath: string | null, fromOptions: unknown) => Promise<BuilderConfig>
    validateConfiguration: (config: BuilderConfig, logger: unknown) => Promise<void>
  }
  const { DebugLogger } = require('builder-util/out/DebugLogger.js') as { DebugLogger: new (enabled: boolean) => unknown }
  const config = await getConfig(root, null, null)
  await validateConfiguration(config, new DebugLogger(false))
  return config
}

describe('electron-builder.yml', () => {
  it('passes electron-builder’s schema and sets the fuses we rely on', async () => {
    const config = await loadBuilderConfig()
    expect(config.productName).toBe('Patchlane')
    // Taskbar grouping and notifications need the same id at run time.
    expect(config.appId).toBe(APP_USER_MODEL_ID)
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    })
    expect(config.asar).toBe(true)
    expect(config.asarUnpack.some((pattern) => pattern.includes('better-sqlite3'))).toBe(true)
    expect(config.win.target.map((t) => t.target).sort()).toEqual(['nsis', 'portable'])
  })

  it('packs the built app only, with the scripts outside the asar', async () => {
    const config = await loadBuilderConfig()
    // The loader normalises the list into { filter } groups.
    const patterns = config.files.flatMap((entry) => (typeof entry === 'string' ? [entry] : entry.filter))
    expect(patterns).toEqual(expect.arrayContaining(['package.json', 'out/**', '!test/**', '!src-*/**', '!out/native/**', '!out/scripts/**']))
    expect(config.extraResources).toEqual([expect.objectContaining({ from: 'out/scripts', to: 'scripts' })])
  })
})
