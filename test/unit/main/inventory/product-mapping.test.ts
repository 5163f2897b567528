import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { Architecture, InstallationType, OsInfo } from '../../../../src-main/contract/schemas/inventory'
import { MSRC_WINDOWS_PRODUCTS } from '../../../../src-main/inventory/msrc-windows-products'
import { architectureOf } from '../../../../src-main/inventory/os-facts'
import { osInfoOfChoice, windowsChoices } from '../../../../src-main/inventory/os-choice'
import { mapToMsrcProducts } from '../../../../src-main/inventory/product-mapping'
import { normalizeProductName, sameProductName } from '../../../../src-main/inventory/product-name'
import { sharedDataPath } from '../../../helpers/shared-data'
import { cvrfProductNames } from './cvrf-product-names'

function os(caption: string, build: number | null, architecture: Architecture | null, installationType: InstallationType | null): OsInfo {
  return {
    caption,
    edition: null,
    version: build === null ? null : `10.0.${build}`,
    build,
    ubr: null,
    buildSource: 'os-version',
    displayVersion: null,
    servicePack: null,
    architecture,
    installationType,
    domainRole: null,
    installDate: null,
    lastBootTime: null,
    locale: null,
  }
}

/** True when `name` is, for that ProductID, a name found in a real CVRF document. */
function inCvrf(productId: string, name: string): boolean {
  return cvrfProductNames().get(productId)?.has(name) ?? false
}

const CASES: Array<[string, OsInfo, string]> = [
  ['Windows 7 SP1 x64', os('Microsoft Windows 7 Enterprise', 7601, 'x64', 'client'), 'Windows 7 for x64-based Systems Service Pack 1'],
  ['Windows 7 SP1 x86', os('Microsoft Windows 7 Enterprise', 7601, 'x86', 'client'), 'Windows 7 for 32-bit Systems Service Pack 1'],
  ['Windows 8.1 x64', os('Microsoft Windows 8.1 Enterprise', 9600, 'x64', 'client'), 'Windows 8.1 for x64-based systems'],
  ['Windows RT 8.1', os('Windows RT 8.1', 9600, 'arm', 'client'), 'Windows RT 8.1'],
  ['Windows 10 1607 x64', os('Microsoft Windows 10 Enterprise 2016 LTSB', 14393, 'x64', 'client'), 'Windows 10 Version 1607 for x64-based Systems'],
  ['Windows 10 1809 x86', os('Microsoft Windows 10 Enterprise LTSC', 17763, 'x86', 'client'), 'Windows 10 Version 1809 for 32-bit Systems'],
  ['Windows 10 21H2 ARM64', os('Microsoft Windows 10 Pro', 19044, 'arm64', 'client'), 'Windows 10 Version 21H2 for ARM64-based Systems'],
  ['Windows 10 22H2 x64', os('Microsoft Windows 10 Pro', 19045, 'x64', 'client'), 'Windows 10 Version 22H2 for x64-based Systems'],
  ['Windows 11 21H2 x64', os('Microsoft Windows 11 Enterprise', 22000, 'x64', 'client'), 'Windows 11 version 21H2 for x64-based Systems'],
  ['Windows 11 22H2 ARM64', os('Microsoft Windows 11 Pro', 22621, 'arm64', 'client'), 'Windows 11 Version 22H2 for ARM64-based Systems'],
  ['Windows 11 23H2 x64', os('Microsoft Windows 11 Enterprise', 22631, 'x64', 'client'), 'Windows 11 Version 23H2 for x64-based Systems'],
  ['Windows 11 24H2 x64', os('Microsoft Windows 11 Enterprise LTSC', 26100, 'x64', 'client'), 'Windows 11 Version 24H2 for x64-based Systems'],
  ['Windows 11 25H2 ARM64', os('Microsoft Windows 11 Pro', 26200, 'arm64', 'client'), 'Windows 11 Version 25H2 for ARM64-based Systems'],
  ['Windows 11 25H2 whose caption says 10', os('Windows 10 Enterprise Evaluation', 26200, 'x64', 'client'), 'Windows 11 Version 25H2 for x64-based Systems'],
  ['Windows 11 26H1 x64', os('Microsoft Windows 11 Pro', 28000, 'x64', 'client'), 'Windows 11 version 26H1 for x64-based Systems'],
  ['Windows 11 26H1 ARM64', os('Microsoft Windows 11 Pro', 28000, 'arm64', 'client'), 'Windows 11 Version 26H1 for ARM64-based Systems'],
  ['Vista SP2 x64', os('Windows Vista Enterprise', 6002, 'x64', 'client'), 'Windows Vista x64 Edition Service Pack 2'],
  ['Server 2008 SP2 x86 (build 6003)', os('Windows Server 2008 Standard', 6003, 'x86', 'server'), 'Windows Server 2008 for 32-bit Systems Service Pack 2'],
  ['Server 2008 R2 SP1', os('Microsoft Windows Server 2008 R2 Standard', 7601, 'x64', 'server'), 'Windows Server 2008 R2 for x64-based Systems Service Pack 1'],
  ['Server 2008 R2 SP1 Core', os('Microsoft Windows Server 2008 R2 Standard', 7601, 'x64', 'server-core'), 'Windows Server 2008 R2 for x64-based Systems Service Pack 1 (Server Core installation)'],
  ['Server 2008 R2 SP1 Itanium', os('Microsoft Windows Server 2008 R2 for Itanium-Based Systems', 7601, 'itanium', 'server'), 'Windows Server 2008 R2 for Itanium-Based Systems Service Pack 1'],
  ['Server 2012', os('Microsoft Windows Server 2012 Standard', 9200, 'x64', 'server'), 'Windows Server 2012'],
  ['Server 2012 R2', os('Microsoft Windows Server 2012 R2 Standard', 9600, 'x64', 'server'), 'Windows Server 2012 R2'],
  ['Server 2012 R2 Core', os('Microsoft Windows Server 2012 R2 Standard', 9600, 'x64', 'server-core'), 'Windows Server 2012 R2 (Server Core installation)'],
  ['Server 2016', os('Microsoft Windows Server 2016 Datacenter', 14393, 'x64', 'server'), 'Windows Server 2016'],
  ['Server 2016 Core', os('Microsoft Windows Server 2016 Datacenter', 14393, 'x64', 'server-core'), 'Windows Server 2016 (Server Core installation)'],
  ['Server 1709 (Core only)', os('Windows Server Datacenter', 16299, 'x64', 'server'), 'Windows Server, version 1709  (Server Core Installation)'],
  ['Server 2019', os('Microsoft Windows Server 2019 Datacenter', 17763, 'x64', 'server'), 'Windows Server 2019'],
  ['Server 2019 Core', os('Microsoft Windows Server 2019 Datacenter', 17763, 'x64', 'server-core'), 'Windows Server 2019 (Server Core installation)'],
  ['Server 2022', os('Microsoft Windows Server 2022 Standard', 20348, 'x64', 'server'), 'Windows Server 2022'],
  ['Server 2022 Core', os('Microsoft Windows Server 2022 Standard', 20348, 'x64', 'server-core'), 'Windows Server 2022 (Server Core installation)'],
  ['Server 2022 23H2 (Core only)', os('Microsoft Windows Server 2022 Datacenter', 25398, 'x64', 'server'), 'Windows Server 2022, 23H2 Edition (Server Core installation)'],
  ['Server 2025', os('Microsoft Windows Server 2025 Datacenter', 26100, 'x64', 'server'), 'Windows Server 2025'],
  ['Server 2025 Core', os('Microsoft Windows Server 2025 Datacenter', 26100, 'x64', 'server-core'), 'Windows Server 2025 (Server Core installation)'],
  ['Server told by caption only', os('Microsoft Windows Server 2019 Standard', 17763, 'x64', null), 'Windows Server 2019'],
]

describe('mapToMsrcProducts', () => {
  it.each(CASES)('%s', (_label, info, expected) => {
    const mapping = mapToMsrcProducts({ os: info })
    expect(mapping.products.map((p) => p.name)).toEqual([expected])
    const product = mapping.products[0]
    expect(product && inCvrf(product.productId, product.name), `${expected} is not in the CVRF data`).toBe(true)
    expect(mapping.assumed).toBe(false)
  })

  it('every product and spelling in the table is in a real CVRF document under its ProductID', () => {
    for (const variants of Object.values(MSRC_WINDOWS_PRODUCTS)) {
      for (const product of Object.values(variants)) {
        for (const name of [product.name, ...product.aliases]) expect(inCvrf(product.productId, name), `${product.productId} ${name}`).toBe(true)
      }
    }
  })

  it('maps a build newer than any known to the nearest older release, and says so', () => {
    const mapping = mapToMsrcProducts({ os: os('Microsoft Windows 11 Pro', 30000, 'x64', 'client') })
    expect(mapping.products.map((p) => p.name)).toEqual(['Windows 11 version 26H1 for x64-based Systems'])
    expect(mapping.assumed).toBe(true)
    expect(mapping.notes.join('\n')).toMatch(/Build 30000 is not a known release build/)
  })

  it('names no product, with the reason, when MSRC has none', () => {
    const cases: Array<[OsInfo, RegExp]> = [
      [os('Microsoft Windows 11 Pro', 22631, 'x86', 'client'), /no Windows 11 23H2 product for x86/],
      [os('Microsoft Windows 7 Enterprise', 7600, 'x64', 'client'), /Windows 7.*does not cover/],
      [os('Microsoft Windows XP Professional', 2600, 'x86', 'client'), /Windows XP.*does not cover/],
      [os('Microsoft Windows 10 Pro', 19045, null, 'client'), /architecture .* is unknown/],
      [os('Microsoft Windows 10 Pro', null, 'x64', 'client'), /build .* is unknown/],
    ]
    for (const [info, reason] of cases) {
      const mapping = mapToMsrcProducts({ os: info })
      expect(mapping.products).toEqual([])
      expect(mapping.notes.join('\n')).toMatch(reason)
    }
    expect(mapToMsrcProducts({ os: null }).notes.join('\n')).toMatch(/names no operating system/)
  })

  it('adds Edge and .NET candidates that exist in the CVRF data', () => {
    const mapping = mapToMsrcProducts({
      os: os('Microsoft Windows 10 Enterprise', 19045, 'x64', 'client'),
      products: [
        { kind: 'dotnet-framework', name: '.NET Framework 4.8', version: '4.8', release: 528372 },
        { kind: 'edge', name: 'Microsoft Edge', version: '110.0.1587.46', release: null },
      ],
    })
    expect(mapping.products.map((p) => p.name)).toEqual(['Windows 10 Version 22H2 for x64-based Systems', 'Microsoft Edge (Chromium-based)'])
    expect(inCvrf('11655', 'Microsoft Edge (Chromium-based)')).toBe(true)
    const real = mapping.candidates.filter((c) => inCvrf(c.productId, c.name)).map((c) => c.name)
    expect(real).toEqual(['Microsoft .NET Framework 3.5 AND 4.8 on Windows 10 Version 22H2 for x64-based Systems', 'Microsoft .NET Framework 4.8 on Windows 10 Version 22H2 for x64-based Systems'])
  })
})

describe('product names compare without their quirks', () => {
  it('case and double spaces', () => {
    expect(sameProductName('Windows Server 2016  (Server Core installation)', 'Windows Server 2016 (Server Core installation)')).toBe(true)
    expect(sameProductName('Windows 11 version 26H1 for x64-based Systems', 'Windows 11 Version 26H1 for x64-based Systems')).toBe(true)
    expect(sameProductName('Windows 8.1 for 32-bit systems', 'Windows 8.1 for 32-bit Systems')).toBe(true)
    expect(sameProductName('Windows Server 2016', 'Windows Server 2019')).toBe(false)
    expect(normalizeProductName('  Windows\u00a0Server   2022 ')).toBe('windows server 2022')
  })
})

describe('cross-check with vuls expectations (GPL test data)', () => {
  interface VulsOsInfo {
    productName: string
    build: string
    arch: string
    installationType: string
  }
  const expected = JSON.parse(fs.readFileSync(sharedDataPath('vuls', 'vuls_windows_test_expected.json'), 'utf8')) as {
    detectOSName_cases: Array<{ case: string; osInfo: VulsOsInfo; expectedProductName?: string; expectedError?: boolean }>
  }
  const toOs = (v: VulsOsInfo): OsInfo =>
    os(v.productName, /^\d+$/.test(v.build) ? Number(v.build) : null, architectureOf(v.arch), v.installationType === 'Client' ? 'client' : 'server')

  it.each(expected.detectOSName_cases.map((c) => [c.case, c] as const))('%s', (_name, c) => {
    const mapping = mapToMsrcProducts({ os: toOs(c.osInfo) })
    if (c.expectedError) {
      expect(mapping.products).toEqual([])
      return
    }
    const ours = mapping.products[0]
    expect(ours).toBeDefined()
    if (!ours) return
    const theirs = c.expectedProductName ?? ''
    if (sameProductName(ours.name, theirs)) return
    // vuls names Server 2022 23H2 without "(Server Core installation)"; MSRC publishes it only as Server Core.
    const known = [...cvrfProductNames().values()].some((names) => [...names.keys()].some((n) => sameProductName(n, theirs)))
    expect(known, `vuls's "${theirs}" is not in the CVRF data either`).toBe(false)
    expect(inCvrf(ours.productId, ours.name)).toBe(true)
  })
})

describe('the OS chosen for a bare hotfix list', () => {
  it('every MSRC Windows product, chosen, maps back to itself', () => {
    const choices = windowsChoices()
    expect(choices.length).toBeGreaterThanOrEqual(80)
    expect(choices[0]?.product.name).toMatch(/^Windows (11|Server 2025)/)
    for (const choice of choices) {
      const info = osInfoOfChoice(choice.product.productId)
      expect(info, choice.product.name).not.toBeNull()
      expect(mapToMsrcProducts({ os: info }).products[0]?.productId, choice.product.name).toBe(choice.product.productId)
    }
    expect(osInfoOfChoice('11655')).toBeNull()
  })
})
