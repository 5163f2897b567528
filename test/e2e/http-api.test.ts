import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TOKEN_HEADER } from '../../src-main/bridge/request-guard'
import { createHttpApi } from '../../src-renderer/src/api/http-api'
import { startBridge, type BridgeFixture } from './support/bridge-fixture'

// The renderer's HTTP client against the real bridge (Node's fetch; the cookie a browser keeps
// is replaced by the token header, which the bridge accepts too).
describe("the renderer's HTTP client over the real bridge", () => {
  let fixture: BridgeFixture
  const withToken = (token: string): typeof fetch => (input, init) =>
    fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), [TOKEN_HEADER]: token } })

  beforeAll(async () => {
    fixture = await startBridge()
  })
  afterAll(async () => {
    await fixture?.stop()
  })

  it('calls methods and gets their Result', async () => {
    const api = createHttpApi({ baseUrl: fixture.bridge.origin, fetch: withToken(fixture.bridge.token) })
    const info = await api.getAppInfo({})
    expect(info).toEqual({ ok: true, value: fixture.services.system.info() })
    const status = await api.getCatalogStatus({})
    expect(status.ok && status.value.documents).toBe(0)
  })

  it('passes the dispatcher’s validation errors through as Results', async () => {
    const api = createHttpApi({ baseUrl: fixture.bridge.origin, fetch: withToken(fixture.bridge.token) })
    const result = await api.importCatalog({ paths: [] })
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
  })

  it('turns a refused token into a forbidden Result, not a throw', async () => {
    const api = createHttpApi({ baseUrl: fixture.bridge.origin, fetch: withToken('wrong') })
    const result = await api.getAppInfo({})
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } })
  })

  it('turns a bridge that is gone into a network-failed Result', async () => {
    const gone = await startBridge()
    const origin = gone.bridge.origin
    await gone.stop()
    const api = createHttpApi({ baseUrl: origin, fetch: withToken(gone.bridge.token) })
    const result = await api.getAppInfo({})
    expect(result).toMatchObject({ ok: false, error: { code: 'network-failed' } })
    if (!result.ok) expect(result.error.message).toMatch(/npm run serve/)
  })
})
