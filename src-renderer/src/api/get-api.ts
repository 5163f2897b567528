import type { PatchlaneApi } from '../../../src-main/contract/api'
import { createHttpApi } from './http-api'

declare global {
  interface Window {
    /** Put there by src-preload in the Electron app; absent in a browser. */
    readonly patchlane?: PatchlaneApi
  }
}

/**
 * The API the whole renderer uses: the preload's IPC bridge inside Electron, the loopback HTTP
 * bridge in a browser (`npm run serve`, end-to-end tests). Called once, in main.tsx.
 */
export function getApi(target: Window = window): PatchlaneApi {
  if (target.patchlane) return target.patchlane
  // Loaded from a file (Electron) without the preload's API: there is no bridge to fall back to.
  if (target.location?.protocol === 'file:') return createHttpApi({ fetch: () => Promise.reject(new Error('the preload script did not provide window.patchlane')) })
  return createHttpApi()
}
