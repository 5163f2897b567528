import { describe, expect, it } from 'vitest'
import type { PatchlaneApi } from '../../../../src-main/contract/api'
import { METHOD_NAMES } from '../../../../src-main/contract/methods'
import { getApi } from '../../../../src-renderer/src/api/get-api'
import { createFakeApi } from '../../../helpers/fake-api'

describe('getApi', () => {
  it('uses the API the preload put on window.patchlane (Electron)', () => {
    const preload: PatchlaneApi = createFakeApi()
    const target = { patchlane: preload } as unknown as Window
    expect(getApi(target)).toBe(preload)
  })

  it('falls back to the HTTP bridge client in a plain browser, with every contract method', () => {
    const api = getApi({} as Window)
    for (const method of METHOD_NAMES) expect(typeof api[method], method).toBe('function')
    expect(() => api.on('nope' as never, () => undefined)).toThrow(/unknown event nope/)
  })
})
