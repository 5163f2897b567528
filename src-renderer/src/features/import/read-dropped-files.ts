import type { Input } from '../../../../src-main/contract/api'
import { pathOf, type LocalFilePaths } from './local-file-paths'

/** A file's bytes as base64, for the importInventoryFiles call (the bridge body is JSON). */
export async function toBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer())
  let binary = ''
  // In slices: String.fromCharCode with a whole file's bytes overflows the argument limit.
  for (let offset = 0; offset < bytes.length; offset += 0x8000) binary += String.fromCharCode(...bytes.subarray(offset, offset + 0x8000))
  return btoa(binary)
}

/** Largest capture sent as bytes: systeminfo and wmic qfe files are a few KB. */
export const MAX_IMPORT_BYTES = 512 * 1024

/** What to send for dropped or picked files, and the names of those too large to send. */
export interface ImportRequest {
  readonly input: Input<'importInventoryFiles'> | null
  readonly tooLarge: readonly string[]
}

/**
 * The dropped or picked files as an importInventoryFiles input. In Electron each file on disk
 * goes by its path (main reads it; no size cap in the page); otherwise its bytes are read here,
 * and a too-large one is named instead of sent.
 */
export async function importRequestFor(files: readonly File[], paths: LocalFilePaths | null): Promise<ImportRequest> {
  const onDisk: string[] = []
  const inPage: File[] = []
  for (const file of files) {
    const found = pathOf(file, paths)
    if (found) onDisk.push(found)
    else inPage.push(file)
  }
  const tooLarge = inPage.filter((file) => file.size > MAX_IMPORT_BYTES).map((file) => file.name)
  const read = await Promise.all(inPage.filter((file) => file.size <= MAX_IMPORT_BYTES).map(async (file) => ({ name: file.name, base64: await toBase64(file) })))
  const input = onDisk.length + read.length === 0 ? null : { ...(onDisk.length > 0 ? { paths: onDisk } : {}), ...(read.length > 0 ? { files: read } : {}) }
  return { input, tooLarge }
}
