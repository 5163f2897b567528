import type { ApiError, EventName, PatchlaneApi, Result } from '../../../src-main/contract/api'
import { EVENT_NAMES, METHOD_NAMES, isEventName } from '../../../src-main/contract/methods'

/** What the HTTP client needs from the browser; tests pass their own. */
export interface HttpApiOptions {
  /** Prefix of `/rpc` and `/events`; '' for the page's own origin (the bridge serves both). */
  readonly baseUrl?: string
  readonly fetch?: typeof fetch
  readonly createEventSource?: (url: string) => EventSource
}

/**
 * The PatchlaneApi over the loopback bridge: `POST /rpc/<method>` and one `EventSource('/events')`.
 *
 * The bridge's token travels in its HttpOnly cookie, which same-origin `fetch` and `EventSource`
 * send by themselves. Every failure — refused, unreachable, not JSON — comes back as a `Result`
 * error, never as a throw, like the Electron transport.
 */
export function createHttpApi(options: HttpApiOptions = {}): PatchlaneApi {
  const baseUrl = options.baseUrl ?? ''
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init))
  const createEventSource = options.createEventSource ?? ((url: string) => new EventSource(url))

  const call = (method: string) => async (input: unknown): Promise<Result<unknown>> => {
    let response: Response
    try {
      response = await doFetch(`${baseUrl}/rpc/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(input ?? {}),
        credentials: 'same-origin',
      })
    } catch (error) {
      return failure('network-failed', `The Patchlane bridge did not answer (${describe(error)}). Is \`npm run serve\` still running?`)
    }
    if (response.status === 403) {
      return failure('forbidden', 'The Patchlane bridge refused the request: open the address it printed, with its ?token=…, again.')
    }
    if (!response.ok) return failure('internal', `The Patchlane bridge answered ${response.status} to ${method}: ${await safeText(response)}`)
    try {
      const body: unknown = await response.json()
      if (isResult(body)) return body
    } catch {
      // fall through: not JSON
    }
    return failure('internal', `The Patchlane bridge sent an answer to ${method} that is not a Result.`)
  }

  let source: EventSource | null = null
  const methods = Object.fromEntries(METHOD_NAMES.map((method) => [method, call(method)]))
  const api = {
    ...methods,
    on(event: EventName, listener: (payload: unknown) => void): () => void {
      if (!isEventName(event)) throw new Error(`unknown event ${String(event)}; known: ${EVENT_NAMES.join(', ')}`)
      source ??= createEventSource(`${baseUrl}/events`)
      const handler = (message: MessageEvent<string>): void => {
        let payload: unknown
        try {
          payload = JSON.parse(message.data)
        } catch {
          console.warn(`ignored a ${event} event whose data is not JSON`)
          return
        }
        listener(payload)
      }
      source.addEventListener(event, handler as EventListener)
      return () => source?.removeEventListener(event, handler as EventListener)
    },
  }
  // The one cast: `methods` is built from METHOD_NAMES, so it has exactly the contract's keys.
  return api as unknown as PatchlaneApi
}

function failure(code: ApiError['code'], message: string): Result<never> {
  return { ok: false, error: { code, message } }
}

function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false
  if (value.ok === true) return 'value' in value
  return value.ok === false && 'error' in value && typeof value.error === 'object' && value.error !== null
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

async function safeText(response: Response): Promise<string> {
  try {
    return (await response.text()).slice(0, 200)
  } catch {
    return response.statusText
  }
}
