/**
 * Hosts whose pages Patchlane may hand to the system browser: Microsoft's KB articles, docs,
 * the Update Catalog and the Security Response Center. Exact names only, so a look-alike such as
 * `support.microsoft.com.evil.example` or `evil-microsoft.com` never matches.
 */
export const ALLOWED_EXTERNAL_HOSTS: ReadonlySet<string> = new Set([
  'support.microsoft.com',
  'learn.microsoft.com',
  'www.catalog.update.microsoft.com',
  'catalog.update.microsoft.com',
  'msrc.microsoft.com',
])

/**
 * Whether `url` may be opened with `shell.openExternal`.
 *
 * Pure (no Electron) so it is unit-tested in plain Node. Only `https:` on the default port, no
 * user name or password in the address (they hide the real host from a reader), and an exact
 * host from {@link ALLOWED_EXTERNAL_HOSTS}. Anything that does not parse is refused: the shell
 * hands URLs to the OS, where `file:`, `ms-settings:` or `smb:` could run or leak something.
 */
export function isAllowedExternal(url: string): boolean {
  if (typeof url !== 'string' || url.length > 2048) return false
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  if (parsed.protocol !== 'https:') return false
  if (parsed.username !== '' || parsed.password !== '') return false
  if (parsed.port !== '') return false
  // URL lower-cases the host; `support.microsoft.com.` (trailing dot) stays distinct and is refused.
  return ALLOWED_EXTERNAL_HOSTS.has(parsed.hostname)
}
