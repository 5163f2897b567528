/**
 * Runs `work` over `items` with at most `limit` in flight, in order of the list.
 *
 * Once `signal` is aborted no new item starts; items in flight finish (their work watches the
 * same signal). `work` must not throw: the scan engine records each failure on its host.
 */
export async function runPool<T>(items: ReadonlyArray<T>, limit: number, work: (item: T) => Promise<void>, signal?: AbortSignal): Promise<void> {
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length && !signal?.aborted) {
      const item = items[next] as T
      next += 1
      await work(item)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
}
