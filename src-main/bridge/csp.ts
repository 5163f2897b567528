/**
 * The Content-Security-Policy the bridge sends with every page and file.
 *
 * It matches the `<meta>` policy in src-renderer/index.html, plus the directives a `<meta>` tag
 * cannot carry (`frame-ancestors`). `style-src 'unsafe-inline'` is there because Fluent UI's
 * Griffel runtime inserts its CSS rules into `<style>` elements it creates at run time; without
 * it every Fluent component renders unstyled. Scripts stay `'self'` only: no inline script, no eval.
 */
export const PRODUCTION_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

/** Headers sent with every response the bridge makes, whatever its status. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
}
