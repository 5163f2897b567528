import type { EventPayload } from './contract/api'
import type { EventName } from './contract/methods'

type Listener<E extends EventName> = (payload: EventPayload<E>) => void

/**
 * The core's events, as plain listeners.
 *
 * The Electron shell and the bridge subscribe and forward; the core never knows which pipe
 * carries them. A throwing listener is isolated so one bad subscriber cannot stop a scan.
 */
export class EventBus {
  private readonly listeners = new Map<EventName, Set<Listener<EventName>>>()

  on<E extends EventName>(event: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(event)
    if (!set) this.listeners.set(event, (set = new Set()))
    set.add(listener as Listener<EventName>)
    return () => set.delete(listener as Listener<EventName>)
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners.get(event) ?? []) {
      try {
        listener(payload)
      } catch (error) {
        console.error(`listener of ${event} failed:`, error)
      }
    }
  }
}
