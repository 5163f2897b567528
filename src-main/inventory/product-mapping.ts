import type { HostInventory, InstalledProduct, OsInfo } from '../contract/schemas/inventory'
import { isCoreOnly, MSRC_WINDOWS_PRODUCTS, type MsrcProduct, type ProductVariant } from './msrc-windows-products'
import { releaseOfBuild, type WindowsRelease } from './windows-builds'

/**
 * HostInventory → the MSRC products it runs, named exactly as in the CVRF data.
 *
 * The build decides the release (22631 is 23H2; 26100 is Windows 11 24H2 on a client and Server
 * 2025 on a server); the caption only says client or server when nothing else does. The
 * architecture picks the variant, and Server Core picks the "(Server Core installation)" product.
 * Anything that cannot be decided is said in `notes`, never guessed silently.
 */

/** What the host runs, in MSRC's words. */
export interface ProductMapping {
  /** The Windows release, or null when the build is unknown or not Windows MSRC covers. */
  readonly release: WindowsRelease | null
  /** MSRC products the host certainly runs: Windows first, then Edge. Empty when undecidable. */
  readonly products: readonly MsrcProduct[]
  /**
   * .NET Framework products as MSRC composes them (`<component> on <Windows>`, ProductID
   * `<componentId>-<windowsId>`). MSRC names a .NET product by the set of versions one update
   * serves ("3.5 AND 4.8"), which the inventory cannot pin down; the evaluation keeps the
   * candidates its catalog lists. (The assessment looks .NET, Flash and Edge up in the catalog
   * itself, `assess/component-products.ts`, which also knows older Windows' names and reads the
   * update list; this list is what the inventory alone implies.)
   */
  readonly candidates: readonly MsrcProduct[]
  /** True when the build is not a known release build and the nearest older release was taken. */
  readonly assumed: boolean
  /** Why something is missing or assumed, for an administrator. */
  readonly notes: readonly string[]
}

/** Microsoft Edge (Chromium-based): one product, whatever Windows it runs on. */
const EDGE: MsrcProduct = { productId: '11655', name: 'Microsoft Edge (Chromium-based)', aliases: [] }

/** .NET Framework components as MSRC names them, with the 4.x versions each one covers. */
const DOTNET_COMPONENTS: ReadonlyArray<{ id: string; name: string; versions: readonly string[] }> = [
  { id: '12079', name: 'Microsoft .NET Framework 3.5 AND 4.8.1', versions: ['4.8.1'] },
  { id: '12078', name: 'Microsoft .NET Framework 4.8.1', versions: ['4.8.1'] },
  { id: '11676', name: 'Microsoft .NET Framework 3.5 AND 4.8', versions: ['4.8'] },
  { id: '11650', name: 'Microsoft .NET Framework 4.8', versions: ['4.8'] },
  { id: '11677', name: 'Microsoft .NET Framework 3.5 AND 4.7.2', versions: ['4.7.2'] },
  { id: '11862', name: 'Microsoft .NET Framework 4.7.2', versions: ['4.7.2'] },
  { id: '11723', name: 'Microsoft .NET Framework 3.5 AND 4.6.2/4.7/4.7.1/4.7.2', versions: ['4.6.2', '4.7', '4.7.1', '4.7.2'] },
  { id: '11863', name: 'Microsoft .NET Framework 4.6.2/4.7/4.7.1/4.7.2', versions: ['4.6.2', '4.7', '4.7.1', '4.7.2'] },
  { id: '12128', name: 'Microsoft .NET Framework 3.5 and 4.6.2', versions: ['4.6.2'] },
  { id: '12115', name: 'Microsoft .NET Framework 4.6.2', versions: ['4.6.2'] },
  { id: '12135', name: 'Microsoft .NET Framework 3.5 AND 4.6/4.6.2', versions: ['4.6', '4.6.1', '4.6.2'] },
  { id: '12136', name: 'Microsoft .NET Framework 4.6/4.6.2', versions: ['4.6', '4.6.1', '4.6.2'] },
]

function describeOs(os: OsInfo): string {
  return `${os.caption ?? 'Windows'} (build ${os.build ?? '?'}${os.architecture ? `, ${os.architecture}` : ''})`
}

function variantOf(os: OsInfo, release: WindowsRelease): ProductVariant | null {
  const arch = os.architecture
  if (arch === null) return null
  const core = release.kind === 'server' && (os.installationType === 'server-core' || isCoreOnly(release.key))
  if (core) return arch === 'x64' ? 'core-x64' : arch === 'x86' ? 'core-x86' : null
  return arch
}

function dotNetCandidates(products: readonly InstalledProduct[] | null, windows: MsrcProduct): MsrcProduct[] {
  const dotNet = products?.find((p) => p.kind === 'dotnet-framework')
  if (!dotNet?.version) return []
  return DOTNET_COMPONENTS.filter((c) => c.versions.includes(dotNet.version ?? '')).map((c) => ({
    productId: `${c.id}-${windows.productId}`,
    name: `${c.name} on ${windows.name}`,
    aliases: windows.aliases.map((alias) => `${c.name} on ${alias}`),
  }))
}

/** Maps an inventory (or just its OS) to MSRC products. Never throws: what is undecidable is in `notes`. */
export function mapToMsrcProducts(inventory: Pick<HostInventory, 'os'> & Partial<Pick<HostInventory, 'products'>>): ProductMapping {
  const none = (note: string, release: WindowsRelease | null = null): ProductMapping => ({ release, products: [], candidates: [], assumed: false, notes: [note] })
  const os = inventory.os
  if (!os) return none('The inventory names no operating system (a bare hotfix list); give the OS to assess it.')
  if (os.build === null) return none(`The build of ${describeOs(os)} is unknown, so its release cannot be decided.`)
  const kind = os.installationType ? (os.installationType === 'client' ? 'client' : 'server') : /server/i.test(os.caption ?? '') ? 'server' : 'client'
  const match = releaseOfBuild(os.build, kind)
  if (!match) return none(`${describeOs(os)} is not a Windows release Patchlane knows.`)
  const { release } = match
  const variants = MSRC_WINDOWS_PRODUCTS[release.key]
  if (!variants) {
    return none(`${describeOs(os)} is ${release.family}${release.servicePack ? ` SP${release.servicePack}` : ''}, which MSRC's data does not cover (out of support, or a newer service pack is required).`, release)
  }
  const variant = variantOf(os, release)
  if (variant === null) return none(`The architecture of ${describeOs(os)} is unknown, so the MSRC product cannot be chosen.`, release)
  const windows = variants[variant]
  if (!windows) {
    return none(`MSRC publishes no ${release.family}${release.displayVersion ? ` ${release.displayVersion}` : ''} product for ${variant.replace('core-', 'Server Core on ')}.`, release)
  }
  const notes: string[] = []
  if (!match.exact) {
    notes.push(`Build ${os.build} is not a known release build; it is treated as ${release.family}${release.displayVersion ? ` ${release.displayVersion}` : ''} (build ${release.build}), the nearest older release.`)
  }
  if (isCoreOnly(release.key) && os.installationType === 'server') notes.push(`${release.family} exists only as Server Core; the Server Core product is used.`)
  const products = [windows]
  if (inventory.products?.some((p) => p.kind === 'edge')) products.push(EDGE)
  return { release, products, candidates: dotNetCandidates(inventory.products ?? null, windows), assumed: !match.exact, notes }
}
