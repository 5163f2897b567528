import type { ServerResponse } from 'node:http'
import { EVENT_NAMES } from '../contract/methods'
import type { EventBus } from '../event-bus'

/** How often a comment line keeps idle connections (and proxies) from timing out. */
const HEARTBEAT_MS = 15_000

/**
 * Streams every core event to one page as Server-Sent Events (`event: <name>`, JSON `data`).
 *
 * Returns a function that ends the stream; it also ends when the page goes away.
 */
export function streamEvents(events: EventBus, res: ServerResponse, headers: Readonly<Record<string, string>>): () => void {
  res.writeHead(200, {
    ...headers,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
  })
  // The first bytes make EventSource fire `open`, so the page knows it is connected.
  res.write(': connected\n\n')
  const unsubscribers = EVENT_NAMES.map((name) =>
    events.on(name, (payload) => {
      res.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`)
    }),
  )
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS)
  heartbeat.unref()
  let ended = false
  const end = (): void => {
    if (ended) return
    ended = true
    clearInterval(heartbeat)
    for (const unsubscribe of unsubscribers) unsubscribe()
    if (!res.writableEnded) res.end()
  }
  res.on('close', end)
  return end
}
