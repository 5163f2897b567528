/**
 * The preload: the renderer's only door to main.
 *
 * It runs sandboxed and context-isolated, so it is bundled to one CommonJS file that requires
 * nothing but `electron`. It exposes `window.patchlane` with exactly one function per contract
 * method and `on` for contract events: never a generic `invoke`/`send`, never the
 * `IpcRendererEvent` (whose `sender` would hand the page ipcRenderer itself). Beside it,
 * `window.patchlaneFiles.pathForFile` names a dropped file's path (no channel at all).
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron'
import type { PatchlaneApi } from '../src-main/contract/api'
import { channelOf, eventChannelOf, isEventName, METHOD_NAMES, type EventName } from '../src-main/contract/methods'

type Listener = (payload: unknown) => void

/** Builds the object exposed as `window.patchlane`. */
function createPreloadApi(): PatchlaneApi {
  const api: Record<string, unknown> = {}
  for (const method of METHOD_NAMES) {
    const channel = channelOf(method)
    api[method] = (input?: unknown) => ipcRenderer.invoke(channel, input)
  }
  api.on = (event: EventName, listener: Listener): (() => void) => {
    if (!isEventName(event)) throw new TypeError(`Unknown Patchlane event: ${String(event).slice(0, 80)}`)
    if (typeof listener !== 'function') throw new TypeError('The listener must be a function')
    const channel = eventChannelOf(event)
    const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload)
    ipcRenderer.on(channel, wrapped)
    let subscribed = true
    return () => {
      if (!subscribed) return
      subscribed = false
      ipcRenderer.removeListener(channel, wrapped)
    }
  }
  // The cast is confined here: one entry per METHOD_NAMES, checked by the unit test.
  return Object.freeze(api) as unknown as PatchlaneApi
}

/**
 * Builds `window.patchlaneFiles`: the path of a file the user dropped or picked, for importing it
 * (Electron 32 removed `File.path`). No IPC: webUtils answers in this process, and only for a
 * File the page holds; anything else gets '' and the page sends the file's bytes instead.
 */
function createFilePaths(): { pathForFile(file: File): string } {
  return Object.freeze({
    pathForFile(file: File): string {
      // No instanceof check: a File crossing the context bridge may not be this world's File.
      // getPathForFile itself throws for anything that is not one.
      try {
        return webUtils.getPathForFile(file)
      } catch {
        return ''
      }
    },
  })
}

contextBridge.exposeInMainWorld('patchlane', createPreloadApi())
contextBridge.exposeInMainWorld('patchlaneFiles', createFilePaths())
