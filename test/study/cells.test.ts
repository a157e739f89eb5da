import { describe, expect, it } from 'vitest'
import { experimentSpecSchema } from '../../src-shared/api/spec'
import { createRng } from '../../src-shared/engine/rng'
import { normalizeSpec } from '../../src-shared/experiment/normalize'
import { axisValues } from '../../src-shared/study/axes'
import { canonicalJson, fingerprint } from '../../src-shared/study/canonical'
import { cellCount, enumerateCells, plannedRuns, replicateSpec } from '../../src-shared/study/cells'
import { consistencyStudy } from '../../src-shared/study/exercises/definitions'
import { studySchema, type StudyInput } from '../../src-shared/study/studySpec'

const study = (s: Partial<StudyInput>) => studySchema.parse({ name: 't', base: { data: { preset: 'd2l-newest', seed: 7 } }, ...s })

describe('axes', () => {
  it('a list is taken as written; a repeated value is refused', () => {
    expect(axisValues('kernel', ['gaussian', 'boxcar'])).toEqual(['gaussian', 'boxcar'])
    expect(() => axisValues('sigma', [0.5, 1, 0.5])).toThrow('axis "sigma" lists the value 0.5 twice')
  })

  it('a log range: K points evenly spaced in log10, exact ends, no float noise', () => {
    expect(axisValues('sigma', { log: [0.01, 10], count: 4 })).toEqual([0.01, 0.1, 1, 10])
    const v = axisValues('sigma', { log: [100, 100000], count: 7 }) as number[]
    expect(v[0]).toBe(100)
    expect(v[6]).toBe(100000)
    for (let i = 0; i < 7; i++) expect(v[i]).toBeCloseTo(10 ** (2 + i / 2), 6)
    expect(axisValues('sigma', { log: [3, 30], count: 1 })).toEqual([3])
    expect(() => axisValues('sigma', { log: [0, 1], count: 3 })).toThrow('LO > 0 and HI > 0')
  })

  it('a linear range: K points evenly spaced, printed cleanly (0.3, not 0.30000000000000004)', () => {
    expect(axisValues('training.lr', { linear: [0.1, 0.5], count: 5 })).toEqual([0.1, 0.2, 0.3, 0.4, 0.5])
    expect(axisValues('data.noiseSd', { linear: [1, 0], count: 3 })).toEqual([1, 0.5, 0])
  })

  it('a random axis: K draws of the seeded generator (stream 0), the same every time', () => {
    const axis = { random: 'uniform' as const, range: [0.1, 2] as [number, number], count: 5, seed: 42 }
    const rng = createRng(42)
    const plain = Array.from({ length: 5 }, () => 0.1 + rng.uniform() * 1.9)
    expect(axisValues('sigma', axis)).toEqual(plain)
    expect(axisValues('sigma', axis)).toEqual(axisValues('sigma', axis))
    expect(axisValues('sigma', { ...axis, seed: 43 })).not.toEqual(plain)
    const log = axisValues('sigma', { random: 'loguniform', range: [0.001, 10], count: 200, seed: 1 }) as number[]
    const rng2 = createRng(1)
    expect(log).toEqual(Array.from({ length: 200 }, () => Math.exp(Math.log(0.001) + rng2.uniform() * (Math.log(10) - Math.log(0.001)))))
    for (const x of log) expect(x >= 0.001 && x < 10).toBe(true)
    // About as many draws per decade (4 decades, 50 each).
    expect(log.filter((x) => x < 0.01).length).toBeGreaterThan(30)
    expect(() => axisValues('sigma', { ...axis, range: [2, 1] })).toThrow('LO < HI')
  })

  it('a range or random axis on a whole-number field is rounded, and duplicates made by rounding kept once', () => {
    expect(axisValues('data.n', { log: [100, 100000], count: 7 })).toEqual([100, 316, 1000, 3162, 10000, 31623, 100000])
    expect(axisValues('training.epochs', { linear: [1, 3], count: 9 })).toEqual([1, 2, 3])
    for (const v of axisValues('data.seed', { random: 'uniform', range: [0, 1000], count: 20, seed: 3 }) as number[]) expect(Number.isInteger(v)).toBe(true)
  })
})

describe('cells', () => {
  it('are the product of the axes, the last axis fastest, each spec valid', () => {
    const s = study({ axes: { kernel: ['gaussian', 'boxcar', 'epanechnikov'], sigma: { log: [0.1, 1], count: 2 } } })
    const cells = enumerateCells(s)
    expect(cellCount(s)).toBe(6)
    expect(cells.map((c) => [c.params.kernel, c.params.sigma])).toEqual([
      ['gaussian', 0.1], ['gaussian', 1], ['boxcar', 0.1], ['boxcar', 1], ['epanechnikov', 0.1], ['epanechnikov', 1],
    ])
    for (const c of cells) {
      expect(experimentSpecSchema.safeParse(c.spec).success).toBe(true)
      expect(c.spec.kernel).toBe(c.params.kernel)
      expect(c.spec.sigma).toBe(c.params.sigma)
      expect(c.key).toBe(canonicalJson(c.params))
      expect(c.id).toBe(fingerprint(c.key))
    }
    expect(new Set(cells.map((c) => c.id)).size).toBe(6)
  })

  it('have the same keys whatever order the file gives the axes (a re-run finds its runs)', () => {
    const a = enumerateCells(study({ axes: { kernel: ['gaussian', 'boxcar'], sigma: [0.2, 0.4] } }))
    const b = enumerateCells(study({ axes: { sigma: [0.2, 0.4], kernel: ['gaussian', 'boxcar'] } }))
    expect(new Set(a.map((c) => c.key))).toEqual(new Set(b.map((c) => c.key)))
  })

  it('without axes: one cell, the base', () => {
    const cells = enumerateCells(study({}))
    expect(cells).toHaveLength(1)
    expect(cells[0]!.params).toEqual({})
  })

  it('set nested paths (data.n, training.lr) and keep the rest of the base', () => {
    const cells = enumerateCells(study({ base: { data: { fn: 'sin', n: 50, seed: 1, noiseSd: 0.2 }, sigma: 0.3 }, axes: { 'data.n': [10, 20] } }))
    expect(cells.map((c) => c.spec.data)).toEqual([
      { fn: 'sin', n: 10, seed: 1, noiseSd: 0.2, xMin: 0, xMax: 5 },
      { fn: 'sin', n: 20, seed: 1, noiseSd: 0.2, xMin: 0, xMax: 5 },
    ])
  })

  it('an axis on one training field keeps the rest of the edition’s recipe', () => {
    const cells = enumerateCells(study({ base: { data: { preset: 'd2l-middle', seed: 2 }, mode: 'parametric' }, axes: { 'training.lr': [0.1, 1] } }))
    const middle = normalizeSpec(experimentSpecSchema.parse({ data: { preset: 'd2l-middle', seed: 2 }, mode: 'parametric' })).training!
    for (const c of cells) {
      const t = normalizeSpec(c.spec).training!
      expect(t).toEqual({ ...middle, lr: c.params['training.lr'] })
    }
  })

  it('refuse a path that is not a spec field, naming it', () => {
    expect(() => enumerateCells(study({ axes: { bandwidth: [1] } }))).toThrow('axis "bandwidth" is not a spec field')
    expect(() => enumerateCells(study({ axes: { n: [1] } }))).toThrow(/axis "n" is not a spec field \(did you mean "data.n"\?\)/)
    expect(() => enumerateCells(study({ axes: { 'data.n.x': [1] } }))).toThrow('axis "data.n.x" is not a spec field')
  })

  it('refuse a value that makes an invalid spec, naming the path and the value', () => {
    expect(() => enumerateCells(study({ axes: { sigma: [0.5, -1] } }))).toThrow(/^axis "sigma" = -1 makes an invalid spec: sigma/)
    expect(() => enumerateCells(study({ axes: { kernel: ['gaussian', 'gausian'] } }))).toThrow('axis "kernel" = "gausian" makes an invalid spec')
    expect(() => enumerateCells(study({ axes: { 'data.n': [10, 2.5] } }))).toThrow('axis "data.n" = 2.5 makes an invalid spec')
    expect(() => enumerateCells(study({ base: { data: { preset: 'd2l-newest', seed: 1 }, mode: 'parametric' }, axes: { kernel: ['gaussian', 'boxcar'] } }))).toThrow(
      'axis "kernel" = "boxcar" makes an invalid spec: kernel: parametric training learns the width of the Gaussian kernel',
    )
    expect(() => enumerateCells(study({ base: { data: { preset: 'nope', seed: 1 } } }))).toThrow('the base is not a valid experiment spec: data.preset')
  })

  it('refuse a grid with more runs than a study may hold', () => {
    expect(() => cellCount(study({ axes: { sigma: { log: [0.01, 1], count: 10_000 }, 'data.seed': { linear: [0, 999], count: 1000 } } }))).toThrow('at most 200,000 runs')
  })
})

describe('replicates', () => {
  it('vary the data seed from the cell’s own (seed + r), the same seeds in every cell', () => {
    const s = study({ axes: { sigma: [0.2, 0.5] }, replicates: 3, replicateSeeds: 'data' })
    const cells = enumerateCells(s)
    const runs = plannedRuns(s, cells)
    expect(runs).toHaveLength(6)
    const seeds = runs.map((r) => (replicateSpec(s, r.cell, r.replicate).data as { seed: number }).seed)
    expect(seeds).toEqual([7, 8, 9, 7, 8, 9])
    for (const r of runs) expect(experimentSpecSchema.safeParse(replicateSpec(s, r.cell, r.replicate)).success).toBe(true)
  })

  it('"data" pins the training seed where it would have followed the data seed; "training" varies it alone; "both" both', () => {
    const base = { data: { preset: 'd2l-oldest', seed: 10 }, mode: 'parametric' }
    const of = (replicateSeeds: 'data' | 'training' | 'both', r: number) => {
      const s = study({ base, replicates: 3, replicateSeeds })
      const spec = normalizeSpec(replicateSpec(s, enumerateCells(s)[0]!, r))
      return [(spec.data as { seed: number }).seed, spec.training!.seed]
    }
    expect(of('data', 2)).toEqual([12, 10])
    expect(of('training', 2)).toEqual([10, 12])
    expect(of('both', 2)).toEqual([12, 12])
    expect(of('both', 0)).toEqual([10, 10])
  })

  it('wrap around at 2^32', () => {
    const s = study({ base: { data: { preset: 'd2l-newest', seed: 0xffffffff } }, replicates: 2 })
    expect((replicateSpec(s, enumerateCells(s)[0]!, 1).data as { seed: number }).seed).toBe(0)
  })

  it('that would all be the same are refused', () => {
    expect(() => enumerateCells(study({ replicates: 3, replicateSeeds: 'training' }))).toThrow('replicateSeeds "training" varies the training seed, but the spec is nonparametric')
    const inline = { data: { xTrain: [0, 1, 2], yTrain: [1, 2, 3], xQuery: [0.5] } }
    expect(() => enumerateCells(study({ base: inline, replicates: 2 }))).toThrow('the data are inline (no seed)')
    expect(enumerateCells(study({ base: inline, replicates: 1 }))).toHaveLength(1)
  })

  it('name each run after its study, cell and replicate, within 200 characters', () => {
    const s = study({ name: 'x'.repeat(200), axes: { sigma: [0.25] }, replicates: 2 })
    const name = replicateSpec(s, enumerateCells(s)[0]!, 1).name!
    expect(name.length).toBeLessThanOrEqual(200)
    expect(name.endsWith('· sigma = 0.25 · #2')).toBe(true)
  })

  it('label an object axis value as the study views do, not as its JSON', () => {
    const s = studySchema.parse(consistencyStudy(3, [{ d: 1, maxN: 1000 }, { d: 2, maxN: 1000 }], 1, 1))
    const names = enumerateCells(s).map((c) => replicateSpec(s, c, 0).name!)
    expect(names).toContain(`${s.name} · data = d = 2, n = 1000`)
    for (const n of names) expect(n).not.toContain('{')
  })
})

describe('the study file', () => {
  it('takes exactly the fields of issue 14, with defaults for replicates and replicateSeeds', () => {
    const s = studySchema.parse({ name: 'x', base: { data: { preset: 'd2l-oldest', seed: 1 } }, axes: { sigma: [1] } })
    expect(s).toMatchObject({ replicates: 1, replicateSeeds: 'data' })
    expect(studySchema.safeParse({ name: 'x', base: {}, axes: {}, extra: 1 }).success).toBe(false)
    expect(studySchema.safeParse({ name: 'x', base: {}, axes: { sigma: { log: [1, 2] } } }).success).toBe(false)
    expect(studySchema.safeParse({ name: 'x', base: {}, axes: { sigma: { random: 'normal', range: [1, 2], count: 3, seed: 1 } } }).success).toBe(false)
    expect(studySchema.safeParse({ name: 'x', base: {}, axes: { sigma: 3 } }).success).toBe(false)
    expect(studySchema.safeParse({ name: 'x', base: {}, replicateSeeds: 'all' }).success).toBe(false)
  })
})

describe('fingerprint', () => {
  it('is FNV-1a 64 (standard test vectors for ASCII)', () => {
    expect(fingerprint('')).toBe('cbf29ce484222325')
    expect(fingerprint('a')).toBe('af63dc4c8601ec8c')
    expect(fingerprint('foobar')).toBe('85944171f73967e8')
  })
})
