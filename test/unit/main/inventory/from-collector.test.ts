import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { inventoryFromCollector } from '../../../../src-main/inventory/from-collector'
import { mapToMsrcProducts } from '../../../../src-main/inventory/product-mapping'
import { CollectorOutput } from '../../../../src-main/powershell/collector-output'

const NOW = new Date('2026-01-01T00:00:00Z')
const fixture = (name: string) =>
  CollectorOutput.parse(JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '..', '..', '..', 'fixtures', 'powershell', 'collector', name), 'utf8')))

describe('inventoryFromCollector', () => {
  it('maps a Windows 11 23H2 document: exact build, dated updates, features, products', () => {
    const doc = fixture('win11-23h2.json')
    const inv = inventoryFromCollector(doc, { now: NOW })
    expect(inv.os).toMatchObject({ build: 22631, ubr: doc.os.registry.ubr, buildSource: 'registry', displayVersion: '23H2', installationType: 'client', architecture: 'x64' })
    expect(inv.computerName).toBe(doc.os.csName)
    expect(inv.provenance).toMatchObject({ sources: ['collector'], collectedAt: doc.collector.finishedAt, parsedAt: NOW.toISOString() })
    expect(inv.updates.find((u) => u.kb === 'KB5031354')).toMatchObject({ installedOn: '2023-10-10', description: 'Security Update', source: 'collector' })
    expect(inv.features?.find((f) => f.name === 'Containers-DisposableClientVM')).toMatchObject({ kind: 'optional-feature', installed: false })
    expect(inv.pendingReboot).toBe(false)
    expect(inv.updatesComplete).toBe(true)
    const mapping = mapToMsrcProducts(inv)
    expect(mapping.products.map((p) => p.name)).toEqual(['Windows 11 Version 23H2 for x64-based Systems', 'Microsoft Edge (Chromium-based)'])
    expect(mapping.candidates.map((c) => c.name)).toContain('Microsoft .NET Framework 3.5 AND 4.8.1 on Windows 11 Version 23H2 for x64-based Systems')
  })

  it('maps Server 2025 Server Core to its Server Core product', () => {
    const inv = inventoryFromCollector(fixture('server2025-core.json'), { now: NOW })
    expect(mapToMsrcProducts(inv).products[0]?.name).toBe('Windows Server 2025 (Server Core installation)')
  })

  it('falls back on ProductType and SKU when the registry values are missing, and says when hotfixes could not be read', () => {
    const doc = fixture('server2025.json')
    const bare: CollectorOutput = {
      ...doc,
      os: { ...doc.os, productType: 2, registry: { ...doc.os.registry, installationType: null, editionId: null, ubr: null, displayVersion: null } },
      hotfixes: null,
    }
    const inv = inventoryFromCollector(bare, { now: NOW })
    expect(inv.os).toMatchObject({ installationType: 'server', edition: 'ServerDatacenter', ubr: null, buildSource: 'os-version', displayVersion: '24H2' })
    expect(inv.updatesComplete).toBe(false)
    expect(inv.provenance.warnings.join('\n')).toMatch(/installed updates could not be read/)
  })

  it('leaves out XP-style "File 1" entries and keeps GUID ids', () => {
    const doc = fixture('win10-22h2.json')
    const base = doc.hotfixes?.[0]
    expect(base).toBeDefined()
    if (!base) return
    const odd: CollectorOutput = {
      ...doc,
      hotfixes: [
        { ...base, hotFixId: 'File 1' },
        { ...base, hotFixId: '{7A068575-C5DB-43D9-BE20-3895D0C69B17}', installedOn: '20190321', installedOnIso: null },
        base,
      ],
    }
    const inv = inventoryFromCollector(odd, { now: NOW })
    expect(inv.updates.map((u) => u.id)).toEqual(['{7A068575-C5DB-43D9-BE20-3895D0C69B17}', base.hotFixId])
    expect(inv.updates[0]?.installedOn).toBe('2019-03-21')
  })
})
