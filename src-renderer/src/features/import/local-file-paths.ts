/**
 * What the Electron preload adds beside `window.patchlane` for dropped and picked files.
 *
 * Electron 32 removed `File.path`; the preload asks `webUtils.getPathForFile` instead and exposes
 * only that one function. In a browser (the bridge, the e2e tests) it is absent, and files are
 * read in the page and sent as bytes.
 */
export interface LocalFilePaths {
  /** The file's path on this computer, or '' for a file that is not on disk. */
  pathForFile(file: File): string
}

declare global {
  interface Window {
    /** Put there by src-preload in the Electron app; absent in a browser. */
    readonly patchlaneFiles?: LocalFilePaths
  }
}

/** The preload's path lookup, when the page runs in the Electron app. */
export function localFilePaths(target: Window = window): LocalFilePaths | null {
  const candidate = target.patchlaneFiles
  return candidate && typeof candidate.pathForFile === 'function' ? candidate : null
}

/** The path of a file on this computer, or null (not in Electron, or not a file on disk). */
export function pathOf(file: File, paths: LocalFilePaths | null): string | null {
  if (!paths) return null
  try {
    const found = paths.pathForFile(file)
    return typeof found === 'string' && found.length > 0 ? found : null
  } catch {
    // getPathForFile throws for objects that are not a File the user gave: read the bytes instead.
    return null
  }
}
