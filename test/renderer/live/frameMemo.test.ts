import { describe, expect, it } from 'vitest'
import { DatasetCache } from '../../../src-renderer/live/datasets'
import { computeFrame } from '../../../src-renderer/live/frame'
import { FrameMemo, frameKey } from '../../../src-renderer/live/frameMemo'
import type { DataArrays, DataRef, FrameRequest, LiveFrame, WorkerReply } from '../../../src-renderer/live/protocol'
import { createWorkerHandler } from '../../../src-renderer/live/workerHandler'

const VIEW = { fitPoints: 400, trainPoints: 300, heatRows: 20, heatCols: 20 }

function arrays(n: number, shift = 0): DataArrays {
  const xTrain = Float64Array.from({ length: n }, (_, i) => (5 * i) / n)
  return { xTrain, yTrain: xTrain.map((x) => Math.sin(x) + shift), xQuery: Float64Array.from({ length: n }, (_, i) => (5 * i + 2.5) / n), yTruth: xTrain.map((x) => Math.sin(x)) }
}

const ref = (key: string, data: DataArrays): DataRef => ({ key, kind: 'arrays', arrays: data })
const request = (data: DataRef, sigma: number, part?: FrameRequest['part']): FrameRequest => ({ data, kernel: 'epanechnikov', sigma, view: VIEW, quality: 'exact', ...(part ? { part } : {}) })
const withoutTime = (f: LiveFrame) => ({ ...f, workerMs: 0, fitMs: 0, heatMs: 0, reused: false })

describe('a preview worker’s recent frames', () => {
  it('gives back a copy of a frame kept for the same request, and nothing for any other', () => {
    const memo = new FrameMemo(3)
    const data = ref('a', arrays(2000))
    const req = request(data, 0.2)
    expect(memo.get(req)).toBeNull()
    const frame = computeFrame(new DatasetCache().get(data), req)
    memo.set(req, frame)
    const hit = memo.get(req)!
    expect(withoutTime(hit)).toEqual(withoutTime(frame))
    expect(hit.yHat.buffer).not.toBe(frame.yHat.buffer)
    for (const other of [request(data, 0.21), { ...req, kernel: 'gaussian' as const }, { ...req, quality: 'coarse' as const }, request(data, 0.2, 'fit'), { ...request(data, 0.2, 'fit'), split: 0.25 }, { ...req, view: { ...VIEW, heatRows: 21 } }, request(ref('b', arrays(2000)), 0.2)]) {
      expect(frameKey(other)).not.toBe(frameKey(req))
      expect(memo.get(other)).toBeNull()
    }
  })

  it('keeps the most recently used frames up to its limit', () => {
    const memo = new FrameMemo(2)
    const data = ref('a', arrays(500))
    const prepared = new DatasetCache().get(data)
    const [r1, r2, r3] = [0.1, 0.2, 0.3].map((s) => request(data, s))
    memo.set(r1!, computeFrame(prepared, r1!))
    memo.set(r2!, computeFrame(prepared, r2!))
    expect(memo.get(r1!)).not.toBeNull() // r1 is now the most recent
    memo.set(r3!, computeFrame(prepared, r3!))
    expect(memo.get(r2!)).toBeNull()
    expect(memo.get(r1!)).not.toBeNull()
    expect(memo.get(r3!)).not.toBeNull()
  })

  it('answers a revisited sigma with the frame it computed, new data with a new frame, and hands over the frame’s buffers', () => {
    const replies: { message: WorkerReply; transfer: Transferable[] }[] = []
    const handle = createWorkerHandler((message, transfer) => replies.push({ message: structuredClone(message), transfer }))
    const a = ref('inline:1', arrays(3000))
    const b = ref('inline:2', arrays(3000, 1))
    const frameOf = (k: number) => (replies[k]!.message as Extract<WorkerReply, { type: 'frame' }>).frame
    let id = 1
    for (const req of [request(a, 0.2), request(a, 0.3), request(a, 0.2), request(b, 0.2), request(a, 0.2, 'heatmap')]) handle({ type: 'frame', id: id++, request: req })
    expect(withoutTime(frameOf(2))).toEqual(withoutTime(frameOf(0)))
    expect([0, 1, 2, 3, 4].map((k) => frameOf(k).reused)).toEqual([false, false, true, false, false])
    expect(frameOf(1).sigma).toBe(0.3)
    // Other data at the same sigma: computed from those data.
    expect(withoutTime(frameOf(3))).toEqual(withoutTime(computeFrame(new DatasetCache().get(b), request(b, 0.2))))
    expect(frameOf(3).baseline).toBeCloseTo(frameOf(0).baseline + 1, 12)
    for (const { transfer } of replies) {
      expect(new Set(transfer).size).toBe(transfer.length)
      expect(transfer.every((t) => (t as ArrayBuffer).byteLength > 0)).toBe(true)
    }
    // The fit's part hands over its curves and drawn points; the heatmap's part its cells and edges, and (a
    // compact kernel's: frame.ts, fusedPart) the fit at its rows' queries, their truth and their x.
    expect(replies[0]!.transfer).toHaveLength(8)
    expect(replies[4]!.transfer).toHaveLength(6)
  })

  it('answers a kept frame once, even when its data set has since left the worker’s cache', () => {
    const replies: WorkerReply[] = []
    const handle = createWorkerHandler((message) => replies.push(message))
    const a = ref('inline:a', arrays(1000))
    handle({ type: 'frame', id: 1, request: request(a, 0.2) })
    // Three other data sets push a's out of the cache (it keeps three); its frame stays in the memo.
    ;['b', 'c', 'd'].forEach((k, i) => handle({ type: 'frame', id: 2 + i, request: request(ref(`inline:${k}`, arrays(1000, i + 1)), 0.2) }))
    replies.length = 0
    handle({ type: 'frame', id: 9, request: request({ key: 'inline:a', kind: 'arrays' }, 0.2) })
    // The kept frame, and nothing more (it used to be followed by a 'missing-data' for the warm-up's lookup).
    expect(replies.map((r) => r.type)).toEqual(['frame'])
    expect((replies[0] as Extract<WorkerReply, { type: 'frame' }>).frame.reused).toBe(true)
  })
})
