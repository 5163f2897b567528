import fs from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { wuaFromCli } from '../../../../src-main/cli/commands/scan-wua'
import { getRemoteHostInventory } from '../../../../src-main/powershell/scripts'
import { remoteInventoryParams } from '../../../../src-main/scan/remote-params'
import { assertCabFileReadable } from '../../../../src-main/scan/wua-cab-file'
import { collectTimeoutWithWua, DEFAULT_WUA_TIMEOUT_SECONDS, wuaScriptParams } from '../../../../src-main/scan/wua-options'
import { makeTempDir } from '../../../helpers/temp-dir'

const temp = makeTempDir()
afterAll(() => temp.cleanup())

/** A cabinet header (`MSCF`, reserved, size …) as makecab writes it; the agent reads the rest. */
function writeCab(name: string, head = 'MSCF'): string {
  const file = path.join(temp.dir, name)
  fs.writeFileSync(file, Buffer.concat([Buffer.from(head, 'latin1'), Buffer.alloc(32)]))
  return file
}

describe('the Windows Update Agent search as collector parameters', () => {
  it('passes the mode, the cab and a time-out, and gives the host the search time on top of the collector’s', () => {
    expect(wuaScriptParams(undefined)).toEqual({})
    expect(wuaScriptParams({ mode: 'online' })).toEqual({ WuaMode: 'Online', WuaTimeoutSeconds: DEFAULT_WUA_TIMEOUT_SECONDS })
    expect(wuaScriptParams({ mode: 'offline', cabFile: '/data/wsusscn2.cab', timeoutSeconds: 120 })).toEqual({ WuaMode: 'Offline', WuaCabPath: '/data/wsusscn2.cab', WuaTimeoutSeconds: 120 })
    expect(collectTimeoutWithWua(undefined)).toBeUndefined()
    expect(collectTimeoutWithWua({ mode: 'online', timeoutSeconds: 120 })).toBe(420_000)
  })

  it('every transport carries the search, and the script’s own schema accepts it', () => {
    const wua = { mode: 'offline' as const, cabFile: '/data/wsusscn2.cab' }
    for (const [name, transport] of [[null, 'local'], ['pc1', 'winrm'], ['pc2', 'dcom'], ['10.0.0.5', 'ssh']] as const) {
      const params = remoteInventoryParams(name, transport, null, false, { wua, credential: transport === 'ssh' ? { userName: 'lab', keyFile: '/k/id' } : null })
      expect(params).toMatchObject({ WuaMode: 'Offline', WuaCabPath: '/data/wsusscn2.cab', WuaTimeoutSeconds: DEFAULT_WUA_TIMEOUT_SECONDS })
      expect(getRemoteHostInventory.params.parse(params)).toEqual(params)
    }
    expect(remoteInventoryParams('pc1', 'winrm', null, false)).not.toHaveProperty('WuaMode')
  })
})

describe('--wua and --cab', () => {
  it('takes online alone, and offline only with a readable cabinet, kept as an absolute path', () => {
    expect(wuaFromCli(undefined, undefined)).toBeUndefined()
    expect(wuaFromCli('online', undefined)).toEqual({ mode: 'online' })
    const cab = writeCab('wsusscn2.cab')
    const relative = path.relative(process.cwd(), cab)
    expect(wuaFromCli('offline', relative)).toEqual({ mode: 'offline', cabFile: cab })
  })

  it('refuses what cannot work, before the scan starts, saying what to do', () => {
    expect(() => wuaFromCli('sometimes', undefined)).toThrow(/--wua must be online or offline \(got sometimes\)/)
    expect(() => wuaFromCli('offline', undefined)).toThrow(/--wua offline needs --cab FILE/)
    expect(() => wuaFromCli('online', writeCab('online.cab'))).toThrow(/--cab is only for --wua offline/)
    expect(() => wuaFromCli(undefined, writeCab('alone.cab'))).toThrow(/--cab goes with --wua offline/)
    const missing = path.join(temp.dir, 'nowhere', 'wsusscn2.cab')
    expect(() => wuaFromCli('offline', missing)).toThrow(new RegExp(`${missing.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} does not exist.*Download wsusscn2\\.cab`))
    expect(() => assertCabFileReadable(temp.dir)).toThrow(/is not a file/)
    expect(() => wuaFromCli('offline', writeCab('page.cab', '<htm'))).toThrow(/is not a cabinet file/)
  })

  it.skipIf(process.getuid?.() === 0)('says when this account may not read the cab', () => {
    const cab = writeCab('locked.cab')
    fs.chmodSync(cab, 0o000)
    expect(() => assertCabFileReadable(cab)).toThrow(/cannot be read: this account may not read it/)
  })
})
