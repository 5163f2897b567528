import type { EventName, EventPayload, Input, MethodName, Output, PatchlaneApi, Result } from '../../src-main/contract/api'
import { METHOD_NAMES } from '../../src-main/contract/methods'

/** A canned answer, or a function of the input (for answers that depend on it, or never settle). */
export type FakeAnswer<M extends MethodName> = Result<Output<M>> | ((input: Input<M>) => Promise<Result<Output<M>>> | Result<Output<M>>)

/** The answers a test sets up; a method without one answers an `internal` error naming it. */
export type FakeAnswers = { [M in MethodName]?: FakeAnswer<M> }

/** A PatchlaneApi for renderer tests, plus what a test needs to drive and inspect it. */
export type FakeApi = PatchlaneApi & {
  /** Every call, in order, with its input. */
  readonly calls: Array<{ readonly method: MethodName; readonly input: unknown }>
  /** Push an event to the listeners, as main would. */
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void
  /** Change an answer mid-test. */
  answer<M extends MethodName>(method: M, answer: FakeAnswer<M>): void
  listenerCount(event: EventName): number
}

/**
 * A fake PatchlaneApi for renderer tests (STYLE C6): stores and components get it injected in
 * place of the IPC or HTTP transport. It follows the same rules: one object in, a `Result` out,
 * never a throw.
 */
export function createFakeApi(answers: FakeAnswers = {}): FakeApi {
  const table: FakeAnswers = { ...answers }
  const calls: Array<{ method: MethodName; input: unknown }> = []
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>()

  const method = (name: MethodName) => async (input: unknown) => {
    calls.push({ method: name, input })
    const answer = table[name] as FakeAnswer<MethodName> | undefined
    if (answer === undefined) return { ok: false, error: { code: 'internal', message: `fake API: no answer set for ${name}` } }
    return typeof answer === 'function' ? answer(input as never) : answer
  }

  const api = {
    ...Object.fromEntries(METHOD_NAMES.map((name) => [name, method(name)])),
    calls,
    on(event: EventName, listener: (payload: unknown) => void) {
      let set = listeners.get(event)
      if (!set) listeners.set(event, (set = new Set()))
      set.add(listener)
      return () => set.delete(listener)
    },
    emit(event: EventName, payload: unknown) {
      for (const listener of listeners.get(event) ?? []) listener(payload)
    },
    answer(name: MethodName, answer: FakeAnswer<MethodName>) {
      ;(table as Record<MethodName, unknown>)[name] = answer
    },
    listenerCount: (event: EventName) => listeners.get(event)?.size ?? 0,
  }
  return api as unknown as FakeApi
}

/** `{ ok: true, value }`, typed for the method it answers. */
export function ok<T>(value: T): Result<T> {
  return { ok: true, value }
}

/** `{ ok: false, error }` with the given code and message. */
export function fail(code: Extract<Result<never>, { ok: false }>['error']['code'], message: string): Result<never> {
  return { ok: false, error: { code, message } }
}
