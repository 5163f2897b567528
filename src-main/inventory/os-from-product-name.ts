import type { OsInfo } from '../contract/schemas/inventory'
import { normaliseProductName } from '../catalog/normalise'
import { MSRC_WINDOWS_PRODUCTS, type ProductVariant } from './msrc-windows-products'
import { WINDOWS_RELEASES } from './windows-builds'

const ARCH: Record<ProductVariant, OsInfo['architecture']> = { x86: 'x86', x64: 'x64', arm64: 'arm64', arm: 'arm', itanium: 'itanium', 'core-x86': 'x86', 'core-x64': 'x64' }

/**
 * The OS of a bare hotfix list, from the MSRC product name an administrator gives
 * (`--os "Windows 10 Version 1809 for x64-based Systems"`). Returns null for a name MSRC does not
 * use for Windows; the caller lists what it accepts.
 */
export function osFromProductName(name: string): OsInfo | null {
  const wanted = normaliseProductName(name)
  for (const [key, variants] of Object.entries(MSRC_WINDOWS_PRODUCTS)) {
    for (const [variant, product] of Object.entries(variants) as Array<[ProductVariant, { name: string; aliases: readonly string[] }]>) {
      if (![product.name, ...product.aliases].some((spelling) => normaliseProductName(spelling) === wanted)) continue
      const release = WINDOWS_RELEASES.find((r) => r.key === key)
      if (!release) return null
      const major = release.build >= 10240 ? '10.0' : release.build >= 9600 ? '6.3' : release.build >= 9200 ? '6.2' : release.build >= 7600 ? '6.1' : '6.0'
      return {
        caption: product.name,
        edition: null,
        version: `${major}.${release.build}`,
        build: release.build,
        ubr: null,
        buildSource: 'os-version',
        displayVersion: release.displayVersion,
        servicePack: release.servicePack,
        architecture: ARCH[variant],
        installationType: release.kind === 'client' ? 'client' : variant.startsWith('core') ? 'server-core' : 'server',
        domainRole: null,
        installDate: null,
        lastBootTime: null,
        locale: null,
      }
    }
  }
  return null
}
