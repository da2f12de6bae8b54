import type { AppEvent } from '@shared/contract/events'

export type EventListener = (event: AppEvent) => void

/**
 * Where main's news goes out: the router after a write, the jobs as they move. One hub per opened
 * register, shared by every window's router (they all see the same data), so a change made in one
 * window refreshes the others. Plain Node: the Electron side and the test harness subscribe.
 */
export interface EventHub {
  emit(event: AppEvent): void
  on(listener: EventListener): () => void
}

export function createEventHub(): EventHub {
  const listeners = new Set<EventListener>()
  return {
    emit(event) {
      for (const l of [...listeners]) {
        // A window that went away must not stop the news reaching the others, nor fail the write.
        try {
          l(event)
        } catch (e) {
          console.error('[events]', e)
        }
      }
    },
    on(listener) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
  }
}
