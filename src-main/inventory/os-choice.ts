import type { Architecture, OsInfo } from '../contract/schemas/inventory'
import { MSRC_WINDOWS_PRODUCTS, type MsrcProduct, type ProductVariant } from './msrc-windows-products'
import { WINDOWS_RELEASES } from './windows-builds'

/**
 * "The OS given separately": a bare hotfix list names no OS, so the administrator picks one from
 * the Windows products MSRC publishes. This lists them and turns a choice back into the OsInfo
 * the parsers and the product mapping understand.
 */

/** One choice: an MSRC Windows product and the release it is. */
export interface WindowsChoice {
  readonly product: MsrcProduct
  readonly releaseKey: string
  readonly variant: ProductVariant
}

/** Every Windows product MSRC publishes, newest release first. */
export function windowsChoices(): WindowsChoice[] {
  const order = [...WINDOWS_RELEASES].reverse()
  return order.flatMap((release) =>
    Object.entries(MSRC_WINDOWS_PRODUCTS[release.key] ?? {}).map(([variant, product]) => ({ product, releaseKey: release.key, variant: variant as ProductVariant })),
  )
}

/** The OsInfo for a chosen MSRC product (by ProductID), or null when it is not a Windows product Patchlane knows. */
export function osInfoOfChoice(productId: string): OsInfo | null {
  const choice = windowsChoices().find((c) => c.product.productId === productId)
  const release = choice && WINDOWS_RELEASES.find((r) => r.key === choice.releaseKey)
  if (!choice || !release) return null
  const core = choice.variant.startsWith('core-')
  const architecture = choice.variant.replace('core-', '') as Architecture
  return {
    caption: choice.product.name,
    edition: null,
    version: null,
    build: release.build,
    ubr: null,
    buildSource: 'os-version',
    displayVersion: release.displayVersion,
    servicePack: release.servicePack,
    architecture,
    installationType: release.kind === 'client' ? 'client' : core ? 'server-core' : 'server',
    domainRole: null,
    installDate: null,
    lastBootTime: null,
    locale: null,
  }
}
