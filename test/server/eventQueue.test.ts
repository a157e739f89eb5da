import { describe, expect, it } from 'vitest'
import type { WorkbenchEvent } from '../../src-shared/api/contract'
import type { RunSummary } from '../../src-shared/api/runs'
import { EventQueue, type EventSink } from '../../src-main/server/eventQueue'

type Progress = Extract<WorkbenchEvent, { type: 'run.progress' }>

/** A socket whose unsent byte count the test sets. */
class FakeSink implements EventSink {
  buffered = 0
  sent: WorkbenchEvent[] = []
  drops: string[] = []
  bufferedAmount() {
    return this.buffered
  }
  send(data: Buffer | string) {
    this.sent.push(JSON.parse(String(data)) as WorkbenchEvent)
  }
  drop(reason: string) {
    this.drops.push(reason)
  }
}

function progress(runId: string, from: number, to: number, total = 1000): Progress {
  const records = []
  for (let e = from; e <= to; e++) records.push({ epoch: e, loss: 1 / e, w: e / 10 })
  const last = records[records.length - 1]!
  return { type: 'run.progress', runId, epoch: last.epoch, epochs: total, loss: last.loss, w: last.w, records }
}
const stage = (runId: string, s: string, done: number): WorkbenchEvent => ({ type: 'run.stage', runId, stage: s, done, total: 10 })
const status = (runId: string, st: RunSummary['status']): WorkbenchEvent => ({ type: 'run.status', runId, status: st, run: { id: runId, status: st } as RunSummary })
const push = (q: EventQueue, e: WorkbenchEvent) => q.push(e, Buffer.from(JSON.stringify(e)))
const LIMITS = { highWaterBytes: 1000, dropBytes: 1_000_000 }

describe('EventQueue', () => {
  it('sends at once, in order and unmerged, while the socket keeps up', () => {
    const sink = new FakeSink()
    const q = new EventQueue(sink, LIMITS)
    const events = [progress('a', 1, 2), progress('a', 3, 3), stage('a', 'fit', 1), stage('a', 'fit', 2), { type: 'runs.changed', ids: ['a'] } as WorkbenchEvent]
    for (const e of events) push(q, e)
    expect(sink.sent).toEqual(events)
    expect(q.held).toBe(0)
  })

  it('while the client is behind, merges progress so that it still gets every epoch, in order, then the latest stage and every status', () => {
    const sink = new FakeSink()
    const q = new EventQueue(sink, LIMITS)
    sink.buffered = 5000
    const shared: Progress[] = []
    push(q, status('a', 'running'))
    for (let k = 0; k < 100; k++) {
      const e = progress('a', 10 * k + 1, 10 * k + 10)
      shared.push(e)
      push(q, e)
      push(q, progress('b', k + 1, k + 1, 100))
      if (k % 10 === 0) push(q, stage('a', 'train', k))
      push(q, { type: 'runs.changed', ids: [`r${k % 3}`] })
    }
    push(q, status('a', 'done'))
    push(q, progress('a', 1001, 1001))
    expect(sink.sent).toEqual([])
    expect(q.held).toBeLessThan(10)

    sink.buffered = 0
    expect(q.flush()).toBe(true)
    const epochsOf = (run: string) => sink.sent.filter((e): e is Progress => e.type === 'run.progress' && e.runId === run).flatMap((e) => e.records.map((r) => r.epoch))
    expect(epochsOf('a')).toEqual(Array.from({ length: 1001 }, (_, i) => i + 1))
    expect(epochsOf('b')).toEqual(Array.from({ length: 100 }, (_, i) => i + 1))
    // A merged progress event carries the latest epoch, loss and w.
    const lastA = sink.sent.filter((e): e is Progress => e.type === 'run.progress' && e.runId === 'a')
    expect(lastA.map((e) => e.epoch)).toEqual([1000, 1001])
    expect(lastA[0]!.records[999]).toEqual({ epoch: 1000, loss: 1 / 1000, w: 100 })
    // Nothing of a run crosses its status: epochs 1..1000 before "done", 1001 after it.
    const types = sink.sent.map((e) => (e.type === 'run.status' ? `status:${e.status}` : e.type === 'run.progress' ? `progress:${e.runId}:${e.epoch}` : e.type))
    expect(types.indexOf('status:running')).toBe(0)
    expect(types.indexOf('progress:a:1000')).toBeLessThan(types.indexOf('status:done'))
    expect(types.indexOf('progress:a:1001')).toBeGreaterThan(types.indexOf('status:done'))
    // Only the latest stage, and one runs.changed with every id.
    expect(sink.sent.filter((e) => e.type === 'run.stage')).toEqual([stage('a', 'train', 90)])
    expect(sink.sent.filter((e) => e.type === 'runs.changed')).toEqual([{ type: 'runs.changed', ids: ['r0', 'r1', 'r2'] }])
    // The hub's events are shared by every client: merging must not have changed them.
    shared.forEach((e, k) => expect(e.records.map((r) => r.epoch)).toEqual(Array.from({ length: 10 }, (_, i) => 10 * k + i + 1)))
  })

  it('keeps "anything changed" (no ids) when it merges runs.changed', () => {
    const sink = new FakeSink()
    const q = new EventQueue(sink, LIMITS)
    sink.buffered = 5000
    push(q, { type: 'runs.changed', ids: ['x'] })
    push(q, { type: 'runs.changed', ids: [] })
    push(q, { type: 'runs.changed', ids: ['y'] })
    sink.buffered = 0
    q.flush()
    expect(sink.sent).toEqual([{ type: 'runs.changed', ids: [] }])
  })

  it('sends only while the socket is under its high-water mark', () => {
    const sink = new FakeSink()
    const q = new EventQueue(sink, LIMITS)
    sink.buffered = 5000
    push(q, status('a', 'queued'))
    push(q, status('b', 'queued'))
    sink.buffered = 999
    sink.send = function (data) {
      FakeSink.prototype.send.call(this, data)
      this.buffered += 600
    }
    expect(q.flush()).toBe(false)
    expect(sink.sent).toHaveLength(1)
    sink.buffered = 0
    expect(q.flush()).toBe(true)
    expect(sink.sent).toHaveLength(2)
  })

  it('drops a client whose unsent and held-back events pass the limit, once, and ignores it afterwards', () => {
    const sink = new FakeSink()
    const q = new EventQueue(sink, { highWaterBytes: 1000, dropBytes: 50_000 })
    sink.buffered = 20_000
    let epoch = 1
    while (sink.drops.length === 0 && epoch < 100_000) {
      push(q, progress('a', epoch, epoch + 9))
      epoch += 10
    }
    expect(sink.drops).toHaveLength(1)
    expect(sink.drops[0]).toMatch(/more than 50000 bytes/)
    // About (50 000 - 20 000) bytes of records held before the drop: ~30 bytes a record.
    expect(epoch).toBeGreaterThan(500)
    expect(epoch).toBeLessThan(2000)
    push(q, status('a', 'done'))
    sink.buffered = 0
    q.flush()
    expect(sink.sent).toEqual([])
    expect(q.isDropped).toBe(true)
  })
})
