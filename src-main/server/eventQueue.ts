import type { WorkbenchEvent } from '../../src-shared/api/contract'

/** Where one client's events go: a WebSocket in the server, a fake in tests. */
export interface EventSink {
  /** Bytes handed to the socket and not yet sent (ws's bufferedAmount). */
  bufferedAmount(): number
  send(data: Buffer | string): void
  /** The client reads too slowly to be kept: disconnect it (the page reconnects and reloads). */
  drop(reason: string): void
}

export interface EventQueueLimits {
  /** While more than this is unsent, events are held back here and coalesced. */
  highWaterBytes: number
  /** A client whose unsent plus held-back bytes pass this is dropped. */
  dropBytes: number
}

export const DEFAULT_EVENT_LIMITS: EventQueueLimits = { highWaterBytes: 1024 * 1024, dropBytes: 16 * 1024 * 1024 }

type Progress = Extract<WorkbenchEvent, { type: 'run.progress' }>

interface Slot {
  event: WorkbenchEvent
  /** The serialised event while it is the one that arrived; dropped once the slot holds a merge. */
  data: Buffer | string | null
  bytes: number
  /** Key under which later events may merge into this slot, if any. */
  mergeKey: string | null
  /** Whether `records` of a progress slot is this slot's own array (safe to append to). */
  ownsRecords: boolean
}

/**
 * One client's outgoing events, with backpressure. Events go straight out
 * while the socket keeps up; while it does not, they wait here, coalesced
 * so a client that stalls costs memory in proportion to what it will be
 * shown, not to how long it stalled:
 *
 * - `run.progress` of one run merge into one event carrying every epoch's
 *   record, in order (the live curve is drawn from the records), with the
 *   latest epoch, loss and w;
 * - `run.stage` of one run: only the latest is kept;
 * - `runs.changed`: one event with the union of the ids ([] means "anything"
 *   and absorbs the rest);
 * - `run.status` (and anything else) are never dropped or merged. A status
 *   closes the run's open progress and stage slots, so nothing of a run is
 *   moved past its status.
 *
 * A merged event moves to the back of the queue, so the newest state of a
 * run (its stage, its progress) is what the client sees last. A client whose
 * backlog passes `dropBytes` is dropped: the page reconnects and reloads.
 */
export class EventQueue {
  /** Insertion-ordered; re-inserting a key moves its slot to the back. */
  private readonly slots = new Map<number, Slot>()
  private readonly open = new Map<string, number>()
  private nextId = 0
  private heldBytes = 0
  private dropped = false

  constructor(
    private readonly sink: EventSink,
    private readonly limits: EventQueueLimits = DEFAULT_EVENT_LIMITS,
  ) {}

  /** Events waiting here (for tests and diagnostics). */
  get held(): number {
    return this.slots.size
  }

  get isDropped(): boolean {
    return this.dropped
  }

  /** `data` is the event serialised once for every client. */
  push(event: WorkbenchEvent, data: Buffer | string): void {
    if (this.dropped) return
    if (this.slots.size === 0 && this.sink.bufferedAmount() < this.limits.highWaterBytes) {
      this.sink.send(data)
      return
    }
    this.hold(event, data)
    if (this.sink.bufferedAmount() + this.heldBytes > this.limits.dropBytes) {
      this.drop(`more than ${this.limits.dropBytes} bytes of events unsent`)
      return
    }
    this.flush()
  }

  /** Sends what the socket has room for; true when nothing is left waiting. */
  flush(): boolean {
    if (this.dropped) return true
    for (const [id, slot] of this.slots) {
      if (this.sink.bufferedAmount() >= this.limits.highWaterBytes) return false
      this.slots.delete(id)
      if (slot.mergeKey !== null && this.open.get(slot.mergeKey) === id) this.open.delete(slot.mergeKey)
      this.heldBytes -= slot.bytes
      this.sink.send(slot.data ?? JSON.stringify(slot.event))
    }
    return true
  }

  private drop(reason: string): void {
    this.dropped = true
    this.slots.clear()
    this.open.clear()
    this.heldBytes = 0
    this.sink.drop(reason)
  }

  private hold(event: WorkbenchEvent, data: Buffer | string): void {
    const bytes = typeof data === 'string' ? Buffer.byteLength(data) : data.length
    switch (event.type) {
      case 'run.progress':
        return this.mergeProgress(event, data, bytes)
      case 'run.stage':
        return this.replace(`stage:${event.runId}`, event, data, bytes)
      case 'runs.changed':
        return this.mergeChanged(event, data, bytes)
      case 'run.status':
        this.open.delete(`progress:${event.runId}`)
        this.open.delete(`stage:${event.runId}`)
        return this.append(null, event, data, bytes)
      default:
        return this.append(null, event, data, bytes)
    }
  }

  private append(mergeKey: string | null, event: WorkbenchEvent, data: Buffer | string | null, bytes: number): void {
    const id = this.nextId++
    this.slots.set(id, { event, data, bytes, mergeKey, ownsRecords: false })
    this.heldBytes += bytes
    if (mergeKey !== null) this.open.set(mergeKey, id)
  }

  /** Takes the open slot under `key` out of the queue, to be put back at the end. */
  private takeOpen(key: string): Slot | null {
    const id = this.open.get(key)
    if (id === undefined) return null
    const slot = this.slots.get(id)!
    this.slots.delete(id)
    this.open.delete(key)
    this.heldBytes -= slot.bytes
    return slot
  }

  private replace(key: string, event: WorkbenchEvent, data: Buffer | string, bytes: number): void {
    this.takeOpen(key)
    this.append(key, event, data, bytes)
  }

  private mergeProgress(event: Progress, data: Buffer | string, bytes: number): void {
    const key = `progress:${event.runId}`
    const earlier = this.takeOpen(key)
    if (!earlier) {
      this.append(key, event, data, bytes)
      return
    }
    const before = earlier.event as Progress
    // The hub's event objects are shared by every client: copy before appending, once per slot.
    const records = earlier.ownsRecords ? before.records : copy(before.records)
    for (const r of event.records) records.push(r)
    const merged: Progress = { ...event, records }
    const id = this.nextId++
    this.slots.set(id, { event: merged, data: null, bytes: earlier.bytes + bytes, mergeKey: key, ownsRecords: true })
    this.heldBytes += earlier.bytes + bytes
    this.open.set(key, id)
  }

  private mergeChanged(event: Extract<WorkbenchEvent, { type: 'runs.changed' }>, data: Buffer | string, bytes: number): void {
    const earlier = this.takeOpen('changed')
    if (!earlier) {
      this.append('changed', event, data, bytes)
      return
    }
    const before = (earlier.event as typeof event).ids
    // No ids means "anything may have changed": it covers every list.
    const ids = before.length === 0 || event.ids.length === 0 ? [] : union(before, event.ids)
    const merged = { type: 'runs.changed' as const, ids }
    this.append('changed', merged, null, Buffer.byteLength(JSON.stringify(merged)))
  }
}

function union(a: string[], b: string[]): string[] {
  const seen = new Set(a)
  const out = copy(a)
  for (const id of b) {
    if (!seen.has(id)) {
      seen.add(id)
      out.push(id)
    }
  }
  return out
}

function copy<T>(list: T[]): T[] {
  const out: T[] = []
  for (const x of list) out.push(x)
  return out
}
