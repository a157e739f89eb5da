import type { WorkbenchEvent } from '../src-shared/api/contract'

export type EventListener = (event: WorkbenchEvent) => void

/** Fans events out to every watcher (windows, browser tabs, tests). A failing watcher never stops the others. */
export class EventHub {
  private readonly listeners = new Set<EventListener>()

  on(listener: EventListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  emit(event: WorkbenchEvent): void {
    for (const l of this.listeners) {
      try {
        l(event)
      } catch (e) {
        console.error(`nw-workbench: an event listener failed: ${(e as Error).message}`)
      }
    }
  }
}
