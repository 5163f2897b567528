import { app, shell, type Session, type WebContents } from 'electron'
import { isAllowedExternal } from './allowed-external'
import type { AppPage } from './app-page'
import { contentSecurityPolicy } from './content-security-policy'

/**
 * Opens an allow-listed https page in the system browser; anything else is dropped.
 * Returns whether it was handed over, so callers and tests can tell.
 */
export function openExternalIfAllowed(url: string): boolean {
  if (!isAllowedExternal(url)) return false
  shell.openExternal(url).catch((error: unknown) => console.error(`could not open ${new URL(url).origin}:`, error))
  return true
}

/**
 * Locks down one web contents: it can never navigate away from our page, follow a redirect,
 * attach a `<webview>`, or open a window. Links to Microsoft's KB/catalog/MSRC pages go to the
 * system browser instead (Electron security checklist items 13–15).
 */
export function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    event.preventDefault()
    openExternalIfAllowed(url)
  })
  contents.on('will-redirect', (event) => event.preventDefault())
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    openExternalIfAllowed(url)
    return { action: 'deny' }
  })
}

/** Hardens every web contents Electron creates, including any we did not create ourselves. */
export function installWebContentsGuards(): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents))
}

/**
 * The session policy: every permission request (camera, notifications, geolocation, HID, …)
 * refused, and our CSP set on every response, replacing any the server sent.
 *
 * The header certainly reaches the vite dev server's http responses; whether Chromium's
 * webRequest sees file:// responses has varied across Electron versions, so the packaged page
 * also carries the same policy in a `<meta>` tag (src-renderer/index.html). Call after ready.
 */
export function applySessionPolicy(session: Session, page: AppPage): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
  session.setDevicePermissionHandler(() => false)
  const csp = contentSecurityPolicy(page)
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers: Record<string, string[]> = {}
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      if (name.toLowerCase() !== 'content-security-policy') headers[name] = value
    }
    headers['Content-Security-Policy'] = [csp]
    callback({ responseHeaders: headers })
  })
}
