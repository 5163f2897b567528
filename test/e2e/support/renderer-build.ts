import fs from 'node:fs'
import path from 'node:path'

/** The repository root (test/e2e/support → ../../..). */
export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..', '..')
/** Where vite.config.ts writes the renderer, and what the bridge serves. */
export const RENDERER_DIR = path.join(REPO_ROOT, 'out', 'renderer')

const SOURCES = ['src-renderer', path.join('src-main', 'contract'), 'vite.config.ts', 'package.json']

/**
 * Builds the renderer with vite's JS API when out/renderer is missing or older than its sources.
 *
 * Run once per e2e file (files run one after another), so only the first one pays the ~5 s.
 */
export async function ensureRendererBuilt(): Promise<string> {
  const index = path.join(RENDERER_DIR, 'index.html')
  const builtAt = mtimeOf(index)
  const newestSource = Math.max(...SOURCES.map((entry) => newestMtime(path.join(REPO_ROOT, entry))))
  if (builtAt === null || builtAt < newestSource) {
    const { build } = await import('vite')
    await build({ configFile: path.join(REPO_ROOT, 'vite.config.ts'), logLevel: 'warn', mode: 'production' })
  }
  return RENDERER_DIR
}

function mtimeOf(file: string): number | null {
  try {
    return fs.statSync(file).mtimeMs
  } catch {
    return null
  }
}

function newestMtime(entry: string): number {
  let stat: fs.Stats
  try {
    stat = fs.statSync(entry)
  } catch {
    return 0
  }
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = stat.mtimeMs
  for (const child of fs.readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, child)))
  return newest
}
