import type { CatalogProgress } from '../../contract/schemas/catalog'

/**
 * A one-line progress bar on stderr, redrawn in place; only on a terminal, so logs and `--json`
 * output stay clean.
 */
export function progressBar(stream: NodeJS.WriteStream = process.stderr): { update: (p: CatalogProgress) => void; finish: () => void } {
  if (!stream.isTTY) return { update: () => undefined, finish: () => undefined }
  let drawn = false
  let last = 0
  return {
    update(p) {
      const now = Date.now()
      if (now - last < 80 && p.done < p.total) return
      last = now
      const width = 28
      const ratio = p.total > 0 ? Math.min(1, p.done / p.total) : 0
      const filled = Math.round(ratio * width)
      const label = p.current ? ` ${p.current.length > 40 ? `…${p.current.slice(-39)}` : p.current}` : p.message ? ` ${p.message}` : ''
      stream.write(`\r\x1b[2K${p.operation} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.done}/${p.total}${label}`)
      drawn = true
    },
    finish() {
      if (drawn) stream.write('\r\x1b[2K')
    },
  }
}
