/**
 * Comparing MSRC product names. The CVRF data spells one product several ways over the years:
 * "Windows Server 2016  (Server Core installation)" with two spaces, "Windows 11 version 26H1"
 * beside "Windows 11 Version 26H1", "for 32-bit systems" beside "for 32-bit Systems". Names are
 * compared after normalising case and whitespace, never as raw strings.
 *
 * Kept small on purpose: the catalog exports its own normaliser later and the two can be unified.
 */

/** Lower case, whitespace collapsed to one space, trimmed. */
export function normalizeProductName(name: string): string {
  return name.replace(/\s+/g, ' ').trim().toLowerCase()
}

/** True when two product names denote the same product text. */
export function sameProductName(a: string, b: string): boolean {
  return normalizeProductName(a) === normalizeProductName(b)
}
