/** A file's bytes as base64, for the importInventoryFiles call (the bridge body is JSON). */
export async function toBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer())
  let binary = ''
  // In slices: String.fromCharCode with a whole file's bytes overflows the argument limit.
  for (let offset = 0; offset < bytes.length; offset += 0x8000) binary += String.fromCharCode(...bytes.subarray(offset, offset + 0x8000))
  return btoa(binary)
}

/** Largest capture accepted from a drop: systeminfo and wmic qfe files are a few KB. */
export const MAX_IMPORT_BYTES = 512 * 1024

/** The dropped or picked files, read; too-large ones are named instead of sent. */
export async function readInventoryFiles(files: readonly File[]): Promise<{ files: Array<{ name: string; base64: string }>; tooLarge: string[] }> {
  const tooLarge = files.filter((file) => file.size > MAX_IMPORT_BYTES).map((file) => file.name)
  const read = await Promise.all(files.filter((file) => file.size <= MAX_IMPORT_BYTES).map(async (file) => ({ name: file.name, base64: await toBase64(file) })))
  return { files: read, tooLarge }
}
