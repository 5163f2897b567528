import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { channelOf, EVENT_NAMES, eventChannelOf, METHOD_NAMES } from '../../../../src-main/contract/methods'
import { createDispatcher } from '../../../../src-main/dispatch'
import { EventBus } from '../../../../src-main/event-bus'
import { createServices, type Services } from '../../../../src-main/services'
import { APP_VERSION } from '../../../../src-main/version'
import { makeTempDir } from '../../../helpers/temp-dir'
import { fakeElectron, FakeWebContents, resetFakeElectron } from './fake-electron'

vi.mock('electron', () => fakeElectron)

const { createSenderCheck, forwardEvents, registerIpc } = await import('../../../../src-main/app/ipc')
const { resolveAppPage } = await import('../../../../src-main/app/app-page')

const page = resolveAppPage('/opt/patchlane', {})

/** An invoke event as Electron builds it: who sent it and from which frame. */
function invokeEvent(sender: FakeWebContents, frame: { url: string; parent: unknown } | null) {
  return { sender, senderFrame: frame }
}

describe('IPC wiring', () => {
  let services: Services
  let cleanup: () => void
  let main: FakeWebContents
  beforeEach(() => {
    resetFakeElectron()
    const temp = makeTempDir()
    cleanup = temp.cleanup
    services = createServices({ dataDir: temp.dir, appVersion: APP_VERSION, env: { PATH: '' } })
    main = new FakeWebContents()
    registerIpc(createDispatcher(services), createSenderCheck(() => main as never, page))
  })
  afterEach(async () => {
    await services.close()
    cleanup()
  })

  const call = (method: string, event: unknown, input: unknown = {}) => {
    const handler = fakeElectron.ipcMain.handlers.get(method)
    if (!handler) throw new Error(`no handler for ${method}`)
    return handler(event, input) as Promise<unknown>
  }

  it('registers exactly one handler per contract method, on its prefixed channel', () => {
    expect([...fakeElectron.ipcMain.handlers.keys()].sort()).toEqual(METHOD_NAMES.map((m) => channelOf(m)).sort())
  })

  it('serves our own top-level page with the real dispatcher and store', async () => {
    const result = await call(channelOf('getAppInfo'), invokeEvent(main, { url: `${page.url}#/home`, parent: null }))
    expect(result).toMatchObject({ ok: true, value: { version: APP_VERSION, dataDir: services.dataDir } })
  })

  it('still validates input for a trusted sender', async () => {
    const result = await call(channelOf('getAppInfo'), invokeEvent(main, { url: page.url, parent: null }), { surprise: 1 })
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
  })

  it('refuses other web contents, subframes, foreign pages and a missing frame', async () => {
    const untrusted = [
      invokeEvent(new FakeWebContents(), { url: page.url, parent: null }),
      invokeEvent(main, { url: page.url, parent: { url: page.url } }),
      invokeEvent(main, { url: 'https://evil.example/', parent: null }),
      invokeEvent(main, { url: 'file:///tmp/evil.html', parent: null }),
      invokeEvent(main, null),
    ]
    for (const event of untrusted) {
      const result = await call(channelOf('getAppInfo'), event)
      expect(result).toEqual({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('did not come from the Patchlane window') } })
    }
  })

  it('refuses everything once the window is gone', async () => {
    main.destroyed = true
    const result = await call(channelOf('getAppInfo'), invokeEvent(main, { url: page.url, parent: null }))
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } })
  })

  it('can be unregistered', () => {
    fakeElectron.ipcMain.handlers.clear()
    const unregister = registerIpc(createDispatcher(services), () => true)
    unregister()
    expect(fakeElectron.ipcMain.handlers.size).toBe(0)
  })
})

describe('forwardEvents', () => {
  it('sends each core event on its channel until unsubscribed, skipping a destroyed window', () => {
    const events = new EventBus()
    const target = new FakeWebContents()
    const stop = forwardEvents(events, target as never)
    const name = EVENT_NAMES[0]
    const payload = { sample: true } as never
    events.emit(name, payload)
    expect(target.sent).toEqual([{ channel: eventChannelOf(name), payload }])
    target.destroyed = true
    events.emit(name, payload)
    expect(target.sent).toHaveLength(1)
    target.destroyed = false
    stop()
    events.emit(name, payload)
    expect(target.sent).toHaveLength(1)
  })
})
