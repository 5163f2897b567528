import { EventEmitter } from 'node:events'
import { describe, expect, it, vi } from 'vitest'
import type { PatchlaneApi } from '../../../../src-main/contract/api'
import { channelOf, EVENT_NAMES, eventChannelOf, METHOD_NAMES } from '../../../../src-main/contract/methods'

/** ipcRenderer as the sandboxed preload sees it: invoke, plus an emitter for pushed events. */
const renderer = vi.hoisted(() => {
  const exposed = new Map<string, unknown>()
  return { exposed, emitter: null as null | import('node:events').EventEmitter, invoke: null as null | ((...args: unknown[]) => Promise<unknown>) }
})

vi.mock('electron', () => {
  const emitter = new EventEmitter()
  renderer.emitter = emitter
  renderer.invoke = vi.fn((channel: unknown, input: unknown) => Promise.resolve({ ok: true, value: { channel, input } }))
  return {
    contextBridge: { exposeInMainWorld: (key: string, value: unknown) => renderer.exposed.set(key, value) },
    // Electron's webUtils answers only for a File from a drop or a file input; anything else throws.
    webUtils: {
      getPathForFile: (file: unknown) => {
        if (!(file instanceof File)) throw new TypeError('Invalid argument')
        return file.name === 'on-disk.txt' ? 'C:\\Captures\\on-disk.txt' : ''
      },
    },
    ipcRenderer: {
      invoke: renderer.invoke,
      on: (channel: string, listener: (...args: unknown[]) => void) => emitter.on(channel, listener),
      removeListener: (channel: string, listener: (...args: unknown[]) => void) => emitter.removeListener(channel, listener),
    },
  }
})

await import('../../../../src-preload/index')
const api = renderer.exposed.get('patchlane') as PatchlaneApi & Record<string, unknown>
const emitter = renderer.emitter as EventEmitter

describe('preload', () => {
  it('exposes only window.patchlane, with one function per method plus on, and window.patchlaneFiles', () => {
    expect([...renderer.exposed.keys()]).toEqual(['patchlane', 'patchlaneFiles'])
    expect(Object.keys(api).sort()).toEqual([...METHOD_NAMES, 'on'].sort())
    for (const key of Object.keys(api)) expect(typeof api[key], key).toBe('function')
    expect(Object.isFrozen(api)).toBe(true)
  })

  it('invokes each method on its own channel with the input as given', async () => {
    for (const method of METHOD_NAMES) {
      const call = api[method] as (input: unknown) => Promise<unknown>
      await expect(call({ marker: method })).resolves.toEqual({ ok: true, value: { channel: channelOf(method), input: { marker: method } } })
    }
    expect(renderer.invoke).toHaveBeenCalledTimes(METHOD_NAMES.length)
  })

  it('passes event payloads without the IpcRendererEvent, and unsubscribes', () => {
    const event = EVENT_NAMES[0]
    const received: unknown[][] = []
    const unsubscribe = api.on(event, (...args: unknown[]) => received.push(args))
    const fakeIpcEvent = { sender: { invoke: () => 'ipcRenderer leaked' }, ports: [] }
    emitter.emit(eventChannelOf(event), fakeIpcEvent, { percent: 10 })
    expect(received).toEqual([[{ percent: 10 }]])
    expect(emitter.listenerCount(eventChannelOf(event))).toBe(1)
    unsubscribe()
    unsubscribe() // twice is harmless
    expect(emitter.listenerCount(eventChannelOf(event))).toBe(0)
    emitter.emit(eventChannelOf(event), fakeIpcEvent, { percent: 20 })
    expect(received).toHaveLength(1)
  })

  it('refuses events outside the contract and non-function listeners', () => {
    const on = api.on as (event: string, listener: unknown) => () => void
    expect(() => on('patchlane:getAppInfo', () => {})).toThrow(/Unknown Patchlane event/)
    expect(() => on('__proto__', () => {})).toThrow(/Unknown Patchlane event/)
    expect(() => on(EVENT_NAMES[0], 'not a function')).toThrow(/listener must be a function/)
    expect(emitter.eventNames()).toEqual([])
  })

  it('names a dropped file’s path through webUtils, and answers an empty path for anything else', () => {
    const files = renderer.exposed.get('patchlaneFiles') as { pathForFile(file: unknown): string }
    expect(Object.keys(files)).toEqual(['pathForFile'])
    expect(Object.isFrozen(files)).toBe(true)
    expect(files.pathForFile(new File(['x'], 'on-disk.txt'))).toBe('C:\\Captures\\on-disk.txt')
    expect(files.pathForFile(new File(['x'], 'made-in-page.txt'))).toBe('')
    expect(files.pathForFile({ path: '/etc/passwd' })).toBe('')
  })
})
