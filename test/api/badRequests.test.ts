import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { API_METHODS } from '../../src-shared/api/contract'
import { createServices, type Services } from '../../src-main/services'

let s: Services
beforeAll(() => {
  s = createServices({ databasePath: ':memory:', transport: 'cli', experimentWorkers: 1 })
})
afterAll(() => s.close())

/** Names a bad request may be answered with: never an internal error. */
const CLIENT_ERRORS = new Set(['ValidationError', 'NotFoundError', 'InputError'])

function expectClearRefusal(r: Awaited<ReturnType<Services['dispatch']>>) {
  if (r.ok) return
  expect(CLIENT_ERRORS.has(r.error.name), `${r.error.name}: ${r.error.message}`).toBe(true)
  expect(r.error.message.length).toBeGreaterThan(0)
  expect(r.error.message).not.toMatch(/\n\s+at /)
}

/** Valid requests, to mutate: one per method. */
const VALID: Record<string, unknown> = {
  createExperiment: { data: { preset: 'd2l-oldest', seed: 1 }, kernel: 'gaussian', sigma: 0.5 },
  cancelExperiment: { id: 'abcdabcdabcd' },
  getExperiment: { id: 'abcdabcdabcd' },
  listExperiments: { offset: 0, limit: 10, filter: { kernel: ['gaussian'] } },
  renameExperiment: { id: 'abcdabcdabcd', name: 'x' },
  tagExperiment: { id: 'abcdabcdabcd', add: ['t'] },
  annotateExperiment: { id: 'abcdabcdabcd', notes: 'n' },
  deleteExperiments: { ids: ['abcdabcdabcd'] },
  restoreExperiments: { ids: ['abcdabcdabcd'] },
  experimentHeatmap: { id: 'abcdabcdabcd', rows: 10, cols: 10 },
  experimentVectorView: { id: 'abcdabcdabcd', grid: 20, sliceSteps: 20 },
  experimentLocalLinear: { id: 'abcdabcdabcd', xQuery: [0.5, 1] },
  experimentVectorHeatmap: { id: 'abcdabcdabcd', order: { by: 'coordinate', coordinate: 0 }, rows: 10, cols: 10 },
  experimentVectorProbe: { id: 'abcdabcdabcd', at: { query: 0 }, maxBars: 50 },
  suggestBandwidth: { data: { preset: 'd2l-oldest', seed: 1 }, kernel: 'gaussian', methods: ['scott'] },
  previewData: { data: { preset: 'd2l-oldest', seed: 1 }, maxPoints: 100 },
  rerunExperiment: { id: 'abcdabcdabcd' },
  exportBundle: { ids: ['abcdabcdabcd'] },
  importBundle: { bundle: { format: 'nw-workbench-bundle', version: 1, exportedAt: 1, appVersion: 'x', runs: [] } },
  appInfo: {},
}

/** Replaces one leaf (or adds a key) somewhere in a valid request. */
function mutate(base: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0 || base === null || typeof base !== 'object') return value
  const [head, ...rest] = path
  const copy = (Array.isArray(base) ? [...base] : { ...(base as object) }) as Record<string | number, unknown>
  const keys = Object.keys(copy)
  const key = keys.length ? keys[Number(head) % keys.length] ?? String(head) : String(head)
  copy[key] = mutate(copy[key], rest, value)
  return copy
}

describe('thousands of malformed requests', () => {
  it('are each answered with a clear error, and none crashes main', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...API_METHODS), fc.anything({ withBigInt: true, withMap: true, withSet: true, withTypedArray: true, withDate: true, withNullPrototype: true }), async (method, request) => {
        expectClearRefusal(await s.dispatch(method, request))
      }),
      { numRuns: 2000 },
    )
  })

  it('including valid requests with one field broken', async () => {
    const leaf = fc.oneof(
      fc.constant(null),
      fc.constant(undefined),
      fc.double(),
      fc.constant(NaN),
      fc.constant(Infinity),
      fc.integer({ min: -1e12, max: 1e12 }),
      fc.string({ maxLength: 300 }),
      fc.array(fc.anything(), { maxLength: 5 }),
      fc.dictionary(fc.string({ maxLength: 8 }), fc.anything(), { maxKeys: 3 }),
      fc.constant('__proto__'),
      fc.constant({ __proto__: { polluted: true } }),
    )
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...Object.keys(VALID)), fc.array(fc.nat(20), { minLength: 1, maxLength: 4 }), leaf, async (method, path, value) => {
        expectClearRefusal(await s.dispatch(method, mutate(VALID[method], path, value)))
      }),
      { numRuns: 2000 },
    )
    // Nothing leaked into Object.prototype on the way.
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined()
  })

  it('and method names that are not methods are refused', async () => {
    await fc.assert(
      fc.asyncProperty(fc.anything(), async (name) => {
        const r = await s.dispatch(name, {})
        if (typeof name === 'string' && API_METHODS.includes(name as never)) return
        expect(r.ok).toBe(false)
        if (!r.ok) expect(r.error.name).toBe('ValidationError')
      }),
      { numRuns: 500 },
    )
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(await s.dispatch(name, {})).toMatchObject({ ok: false, error: { name: 'ValidationError' } })
    }
  })
})
