import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { CoreError } from '../errors'

/** The page the main window loads: the built renderer, or the vite dev server in development. */
export type AppPage =
  | { readonly kind: 'file'; readonly url: string; readonly file: string }
  | { readonly kind: 'dev'; readonly url: string; readonly origin: string }

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]'])

/**
 * Which page to load: `PATCHLANE_DEV_URL` (vite dev, loopback `http:` only) or
 * `<appPath>/out/renderer/index.html` over `file://`.
 *
 * The dev URL is refused unless it is loopback: a window with our preload must never show a page
 * from another machine.
 */
export function resolveAppPage(appPath: string, env: NodeJS.ProcessEnv = process.env): AppPage {
  const devUrl = env.PATCHLANE_DEV_URL?.trim()
  if (devUrl) {
    let parsed: URL
    try {
      parsed = new URL(devUrl)
    } catch {
      throw new CoreError('invalid-input', `PATCHLANE_DEV_URL is not a URL: ${devUrl.slice(0, 200)}`)
    }
    if (parsed.protocol !== 'http:' || !LOOPBACK_HOSTS.has(parsed.hostname)) {
      throw new CoreError(
        'invalid-input',
        `PATCHLANE_DEV_URL must be an http:// address on this machine (127.0.0.1 or localhost), not ${devUrl.slice(0, 200)}`,
      )
    }
    return { kind: 'dev', url: parsed.href, origin: parsed.origin }
  }
  const file = path.join(appPath, 'out', 'renderer', 'index.html')
  return { kind: 'file', url: pathToFileURL(file).href, file }
}

/**
 * Whether a frame URL is our own page: the same file (query and hash ignored, the renderer may
 * route with a hash), or any path on the dev server's origin.
 */
export function isAppPageUrl(page: AppPage, frameUrl: string): boolean {
  let parsed: URL
  try {
    parsed = new URL(frameUrl)
  } catch {
    return false
  }
  if (page.kind === 'dev') return parsed.origin === page.origin
  if (parsed.protocol !== 'file:' || parsed.host !== '') return false
  const expected = new URL(page.url)
  return decodeURIComponent(parsed.pathname) === decodeURIComponent(expected.pathname)
}
