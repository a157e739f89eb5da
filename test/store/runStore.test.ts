import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { experimentSpecSchema, type ExperimentSpecInput } from '../../src-shared/api/spec'
import { runExperiment } from '../../src-shared/experiment/execute'
import { normalizeSpec } from '../../src-shared/experiment/normalize'
import { decodeFloat64, encodeFloat64 } from '../../src-main/store/blobs'
import { openDatabase } from '../../src-main/store/database'
import { RunStore } from '../../src-main/store/runStore'

function makeStore() {
  return new RunStore(openDatabase(':memory:'), '9.9.9-test', 'test-host:1')
}
const spec = (s: ExperimentSpecInput) => normalizeSpec(experimentSpecSchema.parse(s))

describe('float64 blobs', () => {
  it('round-trip every bit: NaN payloads, -0, subnormals, infinities', () => {
    const values = new Float64Array([0, -0, 1.5, -Math.PI, Number.MIN_VALUE, 2.2250738585072014e-308 / 3, Number.MAX_VALUE, Infinity, -Infinity, NaN])
    const raw = new DataView(new ArrayBuffer(8))
    raw.setUint32(0, 0x7ff80000 | 0x1234)
    raw.setUint32(4, 0xdeadbeef)
    const payloadNaN = raw.getFloat64(0)
    const all = Float64Array.from([...values, payloadNaN])
    const back = decodeFloat64(encodeFloat64(all))
    expect(new Uint8Array(back.buffer)).toEqual(new Uint8Array(all.buffer))
    expect(Object.is(back[1], -0)).toBe(true)
  })
  it('refuse a blob whose length is not a multiple of 8', () => {
    expect(() => decodeFloat64(Buffer.alloc(12))).toThrow(/cannot have 12 bytes/)
  })
})

describe('the run store', () => {
  it('keeps a finished run and reads it back bit-exact', () => {
    const store = makeStore()
    const s = spec({ data: { preset: 'd2l-oldest', seed: 4 }, mode: 'parametric', tags: ['a', 'b'], notes: 'first' })
    store.createQueued('run000000001', s, 1000)
    store.markRunning('run000000001', 1001)
    const outcome = runExperiment(s)
    store.saveOutcome('run000000001', outcome, 1002)
    const d = store.detail('run000000001', 'full')
    expect(d).toMatchObject({ status: 'done', createdAt: 1000, startedAt: 1001, finishedAt: 1002, mode: 'parametric', tags: ['a', 'b'], notes: 'first', appVersion: '9.9.9-test' })
    expect(d.arrays!.xTrain).toEqual(Array.from(outcome.dataset.xTrain))
    expect(d.arrays!.yHat).toEqual(Array.from(outcome.yHat))
    expect(d.arrays!.yHatNonparametric).toEqual(Array.from(outcome.yHatNonparametric!))
    expect(d.epochs).toEqual(outcome.epochs)
    expect(d.w).toBe(outcome.w)
    expect(d.training!.w0).toBe(outcome.w0)
    const { coverage, ...metrics } = outcome.metrics
    expect(d.metrics).toEqual(metrics)
    expect(d.coverage).toEqual(coverage)
    expect(d.complete).toBe(true)
    expect(d.sigmaEff).toBe(1 / Math.abs(outcome.w!))
    const a = store.arrays('run000000001', ['yTruth'])
    expect(new Uint8Array(a.yTruth!.buffer)).toEqual(new Uint8Array(outcome.dataset.yTruth!.buffer))
  })

  it('stores undefined estimates as NaN and returns them as null', () => {
    const store = makeStore()
    const s = spec({ data: { xTrain: [0, 1], yTrain: [1, 2], xQuery: [0.5, 9] }, kernel: 'boxcar', sigma: 0.6 })
    store.createQueued('run000000002', s, 1)
    store.saveOutcome('run000000002', runExperiment(s), 2)
    const d = store.detail('run000000002', 'full')
    expect(d.arrays!.yHat).toEqual([1.5, null])
    expect(d.undefinedQueries).toEqual([1])
  })

  it('keeps imported data from the moment a run is queued, and restores its spec for re-running', () => {
    const store = makeStore()
    const data = { xTrain: [0.1, 0.2, 0.3], yTrain: [1, 2, 3], xQuery: [0.15], yTruth: [1.5], source: 't.csv' }
    store.createQueued('run000000003', spec({ data }), 1)
    const back = store.spec('run000000003')
    expect(back.data).toEqual(data)
  })

  it('keeps a cancelled run’s partial loss curve', () => {
    const store = makeStore()
    store.createQueued('run000000004', spec({ data: { preset: 'd2l-oldest', seed: 1 }, mode: 'parametric' }), 1)
    const epochs = [
      { epoch: 1, loss: 10, w: 2 },
      { epoch: 2, loss: 8, w: 3 },
    ]
    const r = store.saveStopped('run000000004', 'cancelled', null, 5, { epochs, w0: 0.5 })
    expect(r).toMatchObject({ status: 'cancelled', epochsDone: 2, w: 3, finishedAt: 5 })
    expect(store.detail('run000000004', false).epochs).toEqual(epochs)
  })

  it('marks runs of a dead process interrupted, and leaves a live process’s runs alone', () => {
    const db = openDatabase(':memory:')
    const dead = new RunStore(db, 'v', 'host:111')
    const live = new RunStore(db, 'v', 'host:222')
    dead.createQueued('deadrun00001', spec({ data: { preset: 'd2l-oldest', seed: 1 } }), 1)
    live.createQueued('liverun00001', spec({ data: { preset: 'd2l-oldest', seed: 1 } }), 1)
    const me = new RunStore(db, 'v', 'host:333')
    expect(me.markInterrupted(9, (owner) => owner === 'host:222')).toEqual(['deadrun00001'])
    expect(me.summary('deadrun00001')).toMatchObject({ status: 'interrupted', error: { name: 'Interrupted' } })
    expect(me.summary('liverun00001').status).toBe('queued')
  })

  it('renames, tags, annotates, deletes with undo, and resolves id prefixes', () => {
    // A file, so a second connection can look at the rows the store leaves behind.
    const path = join(mkdtempSync(join(tmpdir(), 'nw-store-')), 'runs.db')
    const store = new RunStore(openDatabase(path), '9.9.9-test', 'test-host:1')
    store.createQueued('abcdef000001', spec({ data: { preset: 'd2l-oldest', seed: 1 } }), 1)
    store.createQueued('abcxyz000002', spec({ data: { preset: 'd2l-oldest', seed: 2 } }), 2)
    expect(store.rename('abcdef000001', 'renamed').name).toBe('renamed')
    expect(store.tag('abcdef000001', ['x', 'y'], []).tags).toEqual(['x', 'y'])
    expect(store.tag('abcdef000001', [], ['x']).tags).toEqual(['y'])
    expect(store.annotate('abcdef000001', 'a note').notes).toBe('a note')
    expect(store.resolveId('abcd')).toBe('abcdef000001')
    expect(() => store.resolveId('abc')).toThrow(/ambiguous/)
    expect(() => store.resolveId('zzz')).toThrow(/no run with id zzz/)
    expect(store.softDelete(['abcdef000001'], 5)).toBe(1)
    expect(() => store.summary('abcdef000001')).toThrow(/no run/)
    expect(store.list({ offset: 0, limit: 10, sort: { by: 'createdAt', dir: 'desc' }, filter: {} }).total).toBe(1)
    expect(store.restore(['abcdef000001'])).toBe(1)
    expect(store.summary('abcdef000001').name).toBe('renamed')
    expect(store.purge(['abcdef000001'])).toBe(1)
    const raw = openDatabase(path)
    expect(raw.prepare('SELECT COUNT(*) AS n FROM run_tags').get()).toEqual({ n: 0 })
    raw.close()
  })
})
