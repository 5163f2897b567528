/** A buffer that hands its items over in batches, at most once per interval. */
export interface ProgressBuffer<T> {
  push(item: T): void
  /** Drops what is waiting and stops the timer (the listener is going away). */
  dispose(): void
}

/**
 * Collects events and delivers them together after `intervalMs` (asked afresh for each batch):
 * one store update (and one render) per batch instead of per event, which is what keeps a
 * 65,000-host scan's table smooth.
 */
export function createProgressBuffer<T>(intervalMs: () => number, deliver: (items: T[]) => void): ProgressBuffer<T> {
  let waiting: T[] = []
  let timer: ReturnType<typeof setTimeout> | null = null
  const flush = () => {
    timer = null
    const items = waiting
    waiting = []
    if (items.length > 0) deliver(items)
  }
  return {
    push(item) {
      waiting.push(item)
      timer ??= setTimeout(flush, intervalMs())
    },
    dispose() {
      if (timer) clearTimeout(timer)
      timer = null
      waiting = []
    },
  }
}
