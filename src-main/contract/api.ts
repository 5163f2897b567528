import type { z } from 'zod'
import type { contract, events } from './contract'
import type { Result } from './errors'
import type { EventName, MethodName } from './methods'

export type { ApiError, ErrorCode, Result } from './errors'
export type { EventName, MethodName } from './methods'

export type Input<M extends MethodName> = z.input<(typeof contract)[M]['input']>
export type Output<M extends MethodName> = z.output<(typeof contract)[M]['output']>
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>

/**
 * What the renderer sees as `window.patchlane`, and what the HTTP client implements.
 *
 * One method per contract entry, plus `on` for events; `on` returns its unsubscribe.
 */
export type PatchlaneApi = { readonly [M in MethodName]: (input: Input<M>) => Promise<Result<Output<M>>> } & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void
}
