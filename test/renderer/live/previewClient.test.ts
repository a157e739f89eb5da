import { afterEach, describe, expect, it } from 'vitest'
import { effectScope, nextTick, shallowRef, watch } from 'vue'
import { nwPredict } from '../../../src-shared/engine/estimate'
import { useLivePreview } from '../../../src-renderer/composables/useLivePreview'
import { PreviewCancelled, PreviewClient } from '../../../src-renderer/live/previewClient'
import type { LiveTarget } from '../../../src-renderer/live/liveTarget'
import type { DataArrays } from '../../../src-renderer/live/protocol'
import { FakeWorker } from './fakeWorker'

const VIEW = { fitPoints: 1600, trainPoints: 3000, heatRows: 40, heatCols: 40 }

function arrays(n: number): DataArrays {
  const xTrain = Float64Array.from({ length: n }, (_, i) => (5 * i) / n)
  return { xTrain, yTrain: xTrain.map((x) => Math.sin(x)), xQuery: Float64Array.from({ length: n }, (_, i) => (5 * i + 2.5) / n), yTruth: null }
}

function target(data: DataArrays, sigma: number, key = 'imported'): LiveTarget {
  return { key: `${key}|gaussian|${sigma}`, dataKey: key, data: { key, kind: 'arrays', arrays: data }, n: data.xTrain.length, m: data.xQuery.length, kernel: 'gaussian', sigma, dataLabel: 'test' }
}

const client = () => new PreviewClient(() => new FakeWorker() as unknown as Worker)
const until = async (ok: () => boolean, ms = 10_000) => {
  const start = Date.now()
  while (!ok()) {
    if (Date.now() - start > ms) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 5))
  }
}

afterEach(() => {
  FakeWorker.created = []
})

describe('the preview client', () => {
  it('sends imported data to a worker once, and again only when the worker asks for it', async () => {
    const c = client()
    const data = arrays(200)
    const t = target(data, 0.3)
    await c.frame({ data: t.data, kernel: 'gaussian', sigma: 0.3, view: VIEW, quality: 'exact' }, 'interactive')
    await c.frame({ data: t.data, kernel: 'gaussian', sigma: 0.5, view: VIEW, quality: 'exact' }, 'interactive')
    const sent = FakeWorker.created[0]!.received.filter((m) => m.type === 'frame').map((m) => (m.type === 'frame' && m.request.data.kind === 'arrays' ? !!m.request.data.arrays : null))
    expect(sent).toEqual([true, false])
  })

  it('answers a frame it has just joined from its own copy, whatever split the workers would use now', async () => {
    const c = client()
    const data = arrays(3000)
    const request = { data: { key: 'k', kind: 'arrays' as const, arrays: data }, kernel: 'gaussian' as const, sigma: 0.2, view: VIEW, quality: 'exact' as const }
    const first = await c.splitFrame(request)
    const posted = () => FakeWorker.created.flatMap((w) => w.received).filter((m) => m.type === 'frame').length
    const before = posted()
    // Another sigma moves the split (the first frame of a kernel has none; the next one has learned one).
    await c.splitFrame({ ...request, sigma: 0.3 })
    const again = await c.splitFrame(request)
    expect(posted()).toBe(before + 2)
    expect(again.reused).toBe(true)
    expect(Array.from(again.yHat)).toEqual(Array.from(first.yHat))
    expect(Array.from(again.heatmap.values)).toEqual(Array.from(first.heatmap.values))
    expect(again.yHat.buffer).not.toBe(first.yHat.buffer)
  })

  it('stops exact work an input has made moot: the request fails as cancelled and a fresh worker takes the next', async () => {
    const c = client()
    const t = target(arrays(300), 0.3)
    const moot = c.frame({ data: t.data, kernel: 'gaussian', sigma: 0.3, view: VIEW, quality: 'exact' }, 'exact')
    expect(c.busy('exact')).toBe(true)
    c.abandonExact()
    await expect(moot).rejects.toBeInstanceOf(PreviewCancelled)
    expect(FakeWorker.created[0]!.terminated).toBe(true)
    const f = await c.frame({ data: t.data, kernel: 'gaussian', sigma: 0.3, view: VIEW, quality: 'exact' }, 'exact')
    expect(f.quality).toBe('exact')
    expect(FakeWorker.created).toHaveLength(2)
  })

  it('cancels a leave-one-out curve between two of its points', async () => {
    const c = client()
    const t = target(arrays(3000), 0.3)
    const updates: number[] = []
    const job = c.looCurve({ data: t.data, kernel: 'gaussian', points: 48 }, (u) => updates.push(u.done))
    await until(() => updates.length > 0)
    job.cancel()
    await expect(job.done).rejects.toBeInstanceOf(PreviewCancelled)
    expect(updates[updates.length - 1]!).toBeLessThan(48)
  })

  it('computes metrics on the curve\'s worker and stops them on cancel without ending that worker', async () => {
    const c = client()
    const t = target(arrays(40_000), 0.3)
    const job = c.metrics(t.data, 'tricube', 0.3)
    job.cancel()
    await expect(job.done).rejects.toBeInstanceOf(PreviewCancelled)
    const m = await c.metrics(t.data, 'tricube', 0.3).done
    expect(m.trainMse).toBeGreaterThan(0)
    expect(FakeWorker.created).toHaveLength(1)
    expect(FakeWorker.created[0]!.terminated).toBe(false)
    expect(FakeWorker.created[0]!.received.map((r) => r.type)).toEqual(['metrics', 'cancel', 'metrics'])
  })
})

describe('the live preview (latest wins)', () => {
  it('computes the first input and the newest of those that arrive meanwhile, and shows the newest', async () => {
    const c = client()
    // Few enough queries that the frame draws every estimate.
    const data = arrays(1500)
    const current = shallowRef<LiveTarget | null>(target(data, 0.1))
    const scope = effectScope()
    const preview = scope.run(() => useLivePreview(current, { view: VIEW, client: c, metrics: false }))!
    for (const sigma of [0.11, 0.12, 0.13, 0.14, 0.15, 0.16, 0.17, 0.18]) {
      current.value = target(data, sigma)
      await nextTick()
    }
    await until(() => preview.shown.value?.sigma === 0.18 && !preview.computing.value)
    const frames = FakeWorker.created[0]!.received.filter((m) => m.type === 'frame')
    // The first (0.1) was in flight; 0.11 ... 0.17 were each replaced by the next while waiting.
    expect(frames.map((m) => (m.type === 'frame' ? m.request.sigma : null))).toEqual([0.1, 0.18])
    const exact = nwPredict({ keys: data.xTrain, values: data.yTrain, queries: data.xQuery, kernel: 'gaussian', sigma: 0.18 }).yHat
    expect(Array.from(preview.frame.value!.yHat)).toEqual(Array.from(exact))
    expect(preview.painted.value).toBe(2)
    scope.stop()
  })

  it('asks for the waiting input once the frame before it is drawn, before its paint, and never draws a frame superseded meanwhile', async () => {
    // The screen's refresh under the test's control: requestAnimationFrame callbacks run when `refresh` says.
    const frames: (() => void)[] = []
    const refresh = () => frames.splice(0).forEach((f) => f())
    globalThis.requestAnimationFrame = ((f: () => void) => frames.push(f)) as typeof requestAnimationFrame
    try {
      const c = client()
      const data = arrays(1500)
      const current = shallowRef<LiveTarget | null>(target(data, 0.1))
      const scope = effectScope()
      const preview = scope.run(() => useLivePreview(current, { view: VIEW, client: c, metrics: false }))!
      const drawn: number[] = []
      scope.run(() => watch(preview.frame, (f) => drawn.push(f!.sigma), { flush: 'sync' }))
      const asked = (sigma: number) => FakeWorker.created.flatMap((w) => w.received).filter((m) => m.type === 'frame' && m.request.sigma === sigma).length
      // 0.2 comes while 0.1 computes: it waits, and is asked once 0.1 is drawn, while 0.1 still waits for its paint.
      current.value = target(data, 0.2)
      await until(() => drawn.length === 1 && asked(0.2) === 2)
      expect(preview.painted.value).toBe(0)
      // 0.2 arrives while 0.1 is unpainted: put aside. 0.3 comes, is asked, arrives and replaces 0.2 unseen.
      await new Promise((r) => setTimeout(r, 50))
      current.value = target(data, 0.3)
      await until(() => asked(0.3) === 2)
      await new Promise((r) => setTimeout(r, 50))
      expect(drawn).toEqual([0.1])
      refresh()
      await until(() => preview.painted.value === 1 && drawn.length === 2)
      refresh()
      await until(() => preview.painted.value === 2 && !preview.computing.value)
      expect(drawn).toEqual([0.1, 0.3])
      expect(preview.shown.value!.sigma).toBe(0.3)
      scope.stop()
    } finally {
      delete (globalThis as { requestAnimationFrame?: unknown }).requestAnimationFrame
    }
  })

  it('asks the worker in the same task as the input, before Vue updates anything', async () => {
    const c = client()
    const data = arrays(1500)
    const current = shallowRef<LiveTarget | null>(target(data, 0.1))
    const scope = effectScope()
    const preview = scope.run(() => useLivePreview(current, { view: VIEW, client: c, metrics: false }))!
    await until(() => preview.shown.value?.sigma === 0.1 && !preview.computing.value)
    const asked = () => FakeWorker.created.flatMap((w) => w.received).filter((m) => m.type === 'frame' && m.request.sigma === 0.2).length
    current.value = target(data, 0.2)
    // No await: the fit's and the heatmap's requests are already posted.
    expect(asked()).toBe(2)
    await until(() => preview.shown.value?.sigma === 0.2 && !preview.computing.value)
    scope.stop()
  })

  it('shows a coarse frame of large data first, then the exact one; a newer input stops the exact work in flight', async () => {
    const c = client()
    const data = arrays(30_000)
    const current = shallowRef<LiveTarget | null>(target(data, 0.2))
    const scope = effectScope()
    const qualities: string[] = []
    const preview = scope.run(() => useLivePreview(current, { view: VIEW, client: c, metrics: false, coarseAbove: 1000, exactDelayMs: 0 }))!
    await until(() => preview.frame.value !== null)
    qualities.push(preview.frame.value!.quality)
    await until(() => preview.frame.value!.quality === 'exact')
    qualities.push(preview.frame.value!.quality)
    expect(qualities).toEqual(['coarse', 'exact'])
    expect(preview.timing.value!.coarseMs).not.toBeNull()
    expect(preview.timing.value!.exactMs).not.toBeNull()
    // A newer input while the exact worker computes: that worker is ended, and the stale exact frame never shows.
    current.value = target(data, 0.25)
    await until(() => preview.frame.value!.sigma === 0.25)
    await until(() => preview.exactPending.value)
    const exactWorkers = () => FakeWorker.created.filter((w) => w.received.some((m) => m.type === 'frame' && m.request.quality === 'exact'))
    const busy = exactWorkers()[exactWorkers().length - 1]!
    current.value = target(data, 0.3)
    await nextTick()
    expect(busy.terminated).toBe(true)
    await until(() => preview.frame.value!.sigma === 0.3 && preview.frame.value!.quality === 'exact')
    scope.stop()
  })

  it('stops the metrics of a frame a newer input replaces, and ends no worker for it', async () => {
    const c = client()
    const data = arrays(40_000)
    const tricube = (sigma: number): LiveTarget => ({ ...target(data, sigma), key: `imported|tricube|${sigma}`, kernel: 'tricube' })
    const current = shallowRef<LiveTarget | null>(tricube(0.2))
    const scope = effectScope()
    const preview = scope.run(() => useLivePreview(current, { view: VIEW, client: c, metricsDelayMs: 0 }))!
    const posted = (type: string) => FakeWorker.created.flatMap((w) => w.received).filter((m) => m.type === type)
    await until(() => posted('metrics').length === 1)
    current.value = tricube(0.25)
    await nextTick()
    expect(posted('cancel').map((m) => (m.type === 'cancel' ? m.id : null))).toEqual(posted('metrics').map((m) => (m.type === 'metrics' ? m.id : null)))
    await until(() => preview.metrics.value?.key === 'imported|tricube|0.25')
    expect(FakeWorker.created.some((w) => w.terminated)).toBe(false)
    scope.stop()
  })
})
