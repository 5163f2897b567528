import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron'
import type { Result } from '../contract/api'
import { channelOf, EVENT_NAMES, eventChannelOf, METHOD_NAMES } from '../contract/methods'
import type { Dispatch } from '../dispatch'
import type { EventBus } from '../event-bus'
import { toApiError } from '../errors'
import { type AppPage, isAppPageUrl } from './app-page'

/** Decides whether an IPC call comes from our own page in our own window. */
export type SenderCheck = (event: IpcMainInvokeEvent) => boolean

/**
 * Trusted = the main window's web contents, its top frame (not an iframe), showing our own page
 * (the packaged file:// page or the dev server). GitHub Desktop's trusted-sender set plus VS
 * Code's main-frame and origin checks.
 */
export function createSenderCheck(getMainContents: () => WebContents | null, page: AppPage): SenderCheck {
  return (event) => {
    const main = getMainContents()
    if (!main || main.isDestroyed() || event.sender.id !== main.id) return false
    const frame = event.senderFrame
    if (!frame || frame.parent !== null) return false
    return isAppPageUrl(page, frame.url)
  }
}

/**
 * One `ipcMain.handle` per contract method, each behind the sender check; nothing else is
 * registered, so a renderer cannot reach any other channel. Returns a function that removes them.
 */
export function registerIpc(dispatch: Dispatch, isTrusted: SenderCheck): () => void {
  for (const method of METHOD_NAMES) {
    ipcMain.handle(channelOf(method), async (event, input: unknown): Promise<Result<unknown>> => {
      if (!isTrusted(event)) {
        return { ok: false, error: { code: 'forbidden', message: `Refused ${method}: the request did not come from the Patchlane window.` } }
      }
      try {
        return await dispatch(method, input)
      } catch (error) {
        // The dispatcher already returns Results; this only guards against a bug in it.
        return { ok: false, error: toApiError(error) }
      }
    })
  }
  return () => METHOD_NAMES.forEach((method) => ipcMain.removeHandler(channelOf(method)))
}

/** Core events → the window. The core exposes plain listeners; Electron is only the pipe. */
export function forwardEvents(events: EventBus, target: WebContents): () => void {
  const unsubscribers = EVENT_NAMES.map((name) =>
    events.on(name, (payload) => {
      if (!target.isDestroyed()) target.send(eventChannelOf(name), payload)
    }),
  )
  return () => unsubscribers.forEach((unsubscribe) => unsubscribe())
}
