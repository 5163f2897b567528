import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PRODUCTION_CSP } from '../../src-main/bridge/csp'
import { TOKEN_COOKIE, TOKEN_HEADER } from '../../src-main/bridge/request-guard'
import { startBridge, type BridgeFixture } from './support/bridge-fixture'
import { rawRequest } from './support/raw-http'

// The bridge over real services, spoken to with raw HTTP: what a hostile page or a
// DNS-rebinding attacker could send, refused before any method runs.
describe('the loopback bridge refuses what is not its own page', () => {
  let fixture: BridgeFixture
  let port: number
  let host: string
  let auth: Record<string, string>

  beforeAll(async () => {
    fixture = await startBridge({ maxBodyBytes: 4096 })
    port = fixture.bridge.port
    host = `127.0.0.1:${port}`
    auth = { host, [TOKEN_HEADER]: fixture.bridge.token }
  })
  afterAll(async () => {
    await fixture?.stop()
  })

  const rpc = (method: string, body: string, headers: Record<string, string> = {}) =>
    rawRequest(port, { method: 'POST', path: `/rpc/${method}`, headers: { ...auth, 'content-type': 'application/json', ...headers }, body })

  it('listens on 127.0.0.1 only, and prints an address carrying a long random token', () => {
    expect(fixture.bridge.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/\\?token=[A-Za-z0-9_-]{43}$`))
  })

  it('answers a method for the token in the header', async () => {
    const res = await rpc('getAppInfo', '{}')
    expect(res.status).toBe(200)
    const result = JSON.parse(res.body) as { ok: boolean; value: { dataDir: string } }
    expect(result).toMatchObject({ ok: true, value: { dataDir: fixture.dataDir } })
  })

  it('refuses a request without the token, or with a wrong one', async () => {
    expect((await rawRequest(port, { path: '/', headers: { host } })).status).toBe(403)
    expect((await rpc('getAppInfo', '{}', { [TOKEN_HEADER]: 'x'.repeat(43) })).status).toBe(403)
    expect((await rawRequest(port, { path: '/events', headers: { host } })).status).toBe(403)
    const wrongCookie = await rawRequest(port, { path: '/', headers: { host, cookie: `${TOKEN_COOKIE}=nope` } })
    expect(wrongCookie.status).toBe(403)
  })

  it('turns the first ?token= load into an HttpOnly SameSite=Strict cookie and drops it from the address', async () => {
    const first = await rawRequest(port, { path: `/?token=${fixture.bridge.token}`, headers: { host } })
    expect(first.status).toBe(303)
    expect(first.headers.location).toBe('/')
    const cookie = first.headers['set-cookie']?.[0] ?? ''
    expect(cookie).toContain(`${TOKEN_COOKIE}=${fixture.bridge.token}`)
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/SameSite=Strict/)
    const page = await rawRequest(port, { path: '/', headers: { host, cookie: `${TOKEN_COOKIE}=${fixture.bridge.token}` } })
    expect(page.status).toBe(200)
    expect(page.body).toContain('<div id="root">')
  })

  it('refuses another Host name even with the token (DNS rebinding)', async () => {
    for (const badHost of ['evil.example', `evil.example:${port}`, `127.0.0.1:${port + 1}`, `[::1]:${port}`]) {
      const res = await rpc('getAppInfo', '{}', { host: badHost })
      expect(res.status, badHost).toBe(421)
    }
    // No Host at all: Node's HTTP server itself answers 400 before the bridge sees the request.
    expect((await rawRequest(port, { path: '/', headers: { [TOKEN_HEADER]: fixture.bridge.token } })).status).toBe(400)
  })

  it('refuses another Origin, and cross-site fetches, even with the token', async () => {
    expect((await rpc('getAppInfo', '{}', { origin: 'https://evil.example' })).status).toBe(403)
    expect((await rpc('getAppInfo', '{}', { origin: 'null' })).status).toBe(403)
    expect((await rpc('getAppInfo', '{}', { 'sec-fetch-site': 'cross-site' })).status).toBe(403)
    expect((await rpc('getAppInfo', '{}', { origin: `http://${host}` })).status).toBe(200)
    expect((await rpc('getAppInfo', '{}', { origin: `http://localhost:${port}`, host: `localhost:${port}` })).status).toBe(200)
  })

  it('caps request bodies and accepts only JSON', async () => {
    const big = JSON.stringify({ paths: ['x'.repeat(5000)] })
    expect((await rpc('importCatalog', big)).status).toBe(413)
    expect((await rpc('getAppInfo', '{}', { 'content-type': 'text/plain' })).status).toBe(415)
    expect((await rpc('getAppInfo', '{not json')).status).toBe(400)
    expect((await rawRequest(port, { path: '/rpc/getAppInfo', headers: auth })).status).toBe(405)
  })

  it('answers unknown methods and bad input with a Result, not a crash', async () => {
    expect(JSON.parse((await rpc('dropTables', '{}')).body)).toMatchObject({ ok: false, error: { code: 'unknown-method' } })
    expect(JSON.parse((await rpc('getAppInfo', '{"extra":1}')).body)).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
  })

  it('serves the renderer with the production CSP and refuses paths outside it', async () => {
    const page = await rawRequest(port, { path: '/', headers: auth })
    expect(page.headers['content-security-policy']).toBe(PRODUCTION_CSP)
    expect(page.headers['x-content-type-options']).toBe('nosniff')
    const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(page.body)?.[1]
    expect(script).toBeDefined()
    const js = await rawRequest(port, { path: `/${script}`, headers: auth })
    expect(js.status).toBe(200)
    expect(js.headers['content-type']).toMatch(/^text\/javascript/)
    for (const path of ['/../package.json', '/%2e%2e/package.json', '/assets/..%2f..%2fpackage.json', '/%00']) {
      expect((await rawRequest(port, { path, headers: auth })).status, path).toBe(404)
    }
  })

  it('pushes events to /events as Server-Sent Events', async () => {
    const controller = new AbortController()
    const response = await fetch(`${fixture.bridge.origin}/events`, { headers: { [TOKEN_HEADER]: fixture.bridge.token }, signal: controller.signal })
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/)
    const reader = (response.body as ReadableStream<Uint8Array>).getReader()
    const decoder = new TextDecoder()
    const check = fixture.services.powershell.check()
    let text = ''
    while (!text.includes('event: powershellChecked\ndata: ')) {
      const { value, done } = await reader.read()
      if (done) break
      text += decoder.decode(value)
    }
    const stored = await check
    const data = /event: powershellChecked\ndata: (.*)\n/.exec(text)?.[1] ?? 'null'
    expect(JSON.parse(data)).toEqual(stored)
    controller.abort()
  })
})
