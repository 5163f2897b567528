import type { AppPage } from './app-page'

/**
 * The Content-Security-Policy main adds to every response the window receives.
 *
 * Packaged page: scripts only from our own files, no `eval`, no plugins, no framing, no forms,
 * network only to ourselves. `style-src` allows inline styles because Fluent UI (Griffel) inserts
 * its CSS as `<style>` elements at run time; scripts stay strict, which is what matters for XSS.
 * The vite dev server additionally needs its inline React-refresh preamble and its HMR websocket,
 * so the dev policy relaxes exactly those two and is never used for a file:// page.
 */
export function contentSecurityPolicy(page: AppPage): string {
  const dev = page.kind === 'dev'
  const devSocket = dev ? ` ${page.origin.replace(/^http:/, 'ws:')}` : ''
  return [
    "default-src 'none'",
    dev ? "script-src 'self' 'unsafe-inline'" : "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${devSocket}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "frame-src 'none'",
    "worker-src 'self'",
  ].join('; ')
}
