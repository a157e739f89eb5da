import { describe, expect, it } from 'vitest'
import type { RunSummary } from '../../src-shared/api/runs'
import type { RunVectorInfo } from '../../src-shared/api/vectorRuns'
import { SIGMA_FIELD } from '../../src-renderer/compare/diff'
import { scatterPoints, TRAINED_VECTOR_GROUP_SUFFIX, VECTOR_GROUP_SUFFIX } from '../../src-renderer/compare/scatterPoints'
import { COLUMNS } from '../../src-renderer/library/columns'
import { metricItems } from '../../src-renderer/results/metricItems'
import { compactVector, fullVector, geometricMean } from '../../src-renderer/results/widthVector'
import { summary, trained } from './fixtures/runs'

/** Vector runs' widths in the header chips, the library and the compare scatter, checked against numbers worked by hand. */

const info = (sigma: number[] | null, learned: RunVectorInfo['learned'] = null): RunVectorInfo => ({
  d: 2,
  features: ['horsepower', 'weight'],
  target: 'mpg',
  task: 'regression',
  estimator: 'nw',
  scoring: 'distance',
  sigma,
  labelNames: null,
  classCount: null,
  classMetrics: null,
  classCoverage: null,
  bands: null,
  learned,
})

// w = (0.83, 0.02) on raw inputs: σ_eff = (1/0.83, 1/0.02) = (1.2048…, 50).
const W = [0.8312345678901234, -0.0201]
const trainedVector = (over: Partial<RunSummary> = {}): RunSummary =>
  summary({
    id: 'tv',
    mode: 'parametric',
    sigma: null,
    training: { w0Spec: 1, w0: null, lr: 0.5, epochs: 40, loss: 'mean-half', loo: true, batchSize: null, seed: 3 },
    epochsDone: 40,
    vector: info([1 / 0.8312345678901234, 1 / 0.0201], { w0: [1, 1], w: W, scale: null }),
    ...over,
  })
const npVector = (sigma: number[], over: Partial<RunSummary> = {}): RunSummary => summary({ id: 'nv', sigma: null, sigmaRule: 'loo-cv', vector: info(sigma), ...over })

const chip = (r: RunSummary, key: string) => metricItems(r).find((i) => i.key === key)

describe('a width vector, compact and in full', () => {
  it('writes two significant digits per coordinate, at most four of them, and every digit in full', () => {
    expect(compactVector(W)).toBe('(0.83, -0.02)')
    expect(compactVector([1 / 0.83, 50])).toBe('(1.2, 50)')
    expect(compactVector([1, 2, 3, 4, 5, 6])).toBe('(1, 2, 3, 4, … 2 more)')
    expect(compactVector([Infinity, 1234.5])).toBe('(∞, 1200)')
    expect(compactVector([0.22, 49_751_243.8, -123_456])).toBe('(0.22, 5e+7, -1.2e+5)')
    expect(fullVector(W)).toBe('(0.8312345678901234, -0.0201)')
    expect(fullVector(W, ['a', 'b'])).toBe('a 0.8312345678901234, b -0.0201')
    // The full text reads back as the same doubles.
    expect(fullVector([0.1 + 0.2]).slice(1, -1)).toBe(String(0.30000000000000004))
  })

  it('takes the geometric mean as exp of the mean log, and refuses a width that is not positive and finite', () => {
    expect(geometricMean([2, 8])).toBeCloseTo(4, 14)
    expect(geometricMean([1, 10, 100])).toBeCloseTo(10, 13)
    expect(geometricMean([3])).toBe(3)
    expect(geometricMean([1, 0])).toBeNull()
    expect(geometricMean([1, Infinity])).toBeNull()
    expect(geometricMean([])).toBeNull()
  })
})

describe('the saved run header chips', () => {
  it('show a trained vector run’s w and σ_eff = 1/|w_j|, every digit in the tooltip, and no "σ —"', () => {
    const r = trainedVector()
    expect(chip(r, 'sigma')).toBeUndefined()
    expect(chip(r, 'w')).toMatchObject({ label: 'w', value: '(0.83, -0.02)' })
    expect(chip(r, 'w')!.title).toContain('horsepower 0.8312345678901234, weight -0.0201')
    expect(chip(r, 'sigmaEff')).toMatchObject({ label: 'σ_eff', value: '(1.2, 50)' })
    expect(chip(r, 'sigmaEff')!.title).toContain(`horsepower ${1 / 0.8312345678901234}, weight ${1 / 0.0201}`)
    expect(metricItems(r).some((i) => i.value === '—' && (i.key === 'w' || i.key === 'sigma'))).toBe(false)
  })

  it('say a cancelled run’s w is its last, after how many epochs', () => {
    const r = trainedVector({ status: 'cancelled', epochsDone: 7 })
    expect(chip(r, 'w')!.title).toMatch(/^w after 7 epochs \(the run was cancelled\)/)
  })

  it('mention the raw-input widths of a run trained on standardised inputs', () => {
    const r = trainedVector({ vector: info([2 / 0.8312345678901234, 300 / 0.0201], { w0: [1, 1], w: W, scale: [2, 300] }) })
    expect(chip(r, 'sigmaEff')!.value).toBe('(1.2, 50)')
    expect(chip(r, 'sigmaEff')!.title).toContain(`on the raw inputs σ_j = sd_j/|w_j| = horsepower ${2 / 0.8312345678901234}, weight ${300 / 0.0201}`)
  })

  it('show a nonparametric vector run’s σ vector with the rule that chose it', () => {
    const r = npVector([0.5123456, 3.14159])
    expect(chip(r, 'sigma')).toMatchObject({ value: '(0.51, 3.1) (chosen by loo-cv)' })
    expect(chip(r, 'sigma')!.title).toContain('horsepower 0.5123456, weight 3.14159')
  })

  it('leave one-dimensional runs as they were', () => {
    expect(chip(summary({ id: 'a', sigma: 0.25 }), 'sigma')!.value).toBe('0.25')
    expect(chip(trained({ id: 'b', w: 2 }), 'w')!.value).toBe('2')
  })
})

describe('the library columns', () => {
  const column = (id: string) => COLUMNS.find((c) => c.id === id)!
  it('show the learned w, σ_eff and a σ vector compactly, with the full vector as the tooltip', () => {
    const r = trainedVector()
    expect(column('w').value(r)).toBe('(0.83, -0.02)')
    expect(column('w').title!(r)).toContain('horsepower 0.8312345678901234')
    expect(column('sigmaEff').value(r)).toBe('(1.2, 50)')
    expect(column('sigma').value(r)).toBe('—')
    expect(column('sigma').title!(r)).toContain('no comparison σ')
    expect(column('sigma').value(npVector([0.5, 3]))).toBe('(0.5, 3)')
    expect(column('w').value(npVector([0.5, 3]))).toBe('—')
    expect(column('w').value(trained({ id: 'b', w: 2 }))).toBe('2')
  })
  it('sort the w column by the scalar learned w, which vector runs do not have (they go last)', () => {
    expect(column('w').sort).toBe('w')
  })
})

describe('the compare scatter on the σ axis', () => {
  const mse = (r: RunSummary, testMse: number) => ({ ...r, metrics: { ...r.metrics, testMse } })
  const runs = [
    mse(summary({ id: 'flat', name: 'flat', sigma: 0.5 }), 0.1),
    mse(trained({ id: 'tr1', name: 'tr1', w: 4 }), 0.2),
    mse(npVector([2, 8], { id: 'cv', name: 'cv' }), 0.3),
    mse(trainedVector({ id: 'tv', name: 'tv' }), 0.4),
    mse(npVector([1, 0], { id: 'bad', name: 'bad' }), 0.5),
  ]

  it('places a vector run at the geometric mean of its widths, labelled in the legend and the tooltip, and counts the ones it cannot place', () => {
    const s = scatterPoints(runs, SIGMA_FIELD, 'test MSE', 'kernel')
    const at = (name: string) => s.points.find((p) => p.name === name)
    expect(at('flat')).toMatchObject({ x: 0.5, y: 0.1, group: 'gaussian' })
    expect(at('tr1')).toMatchObject({ x: 0.25, group: 'gaussian · trained, at σ_eff = 1/|w|' })
    expect(at('cv')!.x).toBeCloseTo(4, 14)
    expect(at('cv')!.group).toBe(`gaussian · ${VECTOR_GROUP_SUFFIX}`)
    expect(at('cv')!.note).toContain('horsepower 2, weight 8')
    // σ_eff = (1/0.8312…, 1/0.0201): geometric mean sqrt(1/(0.8312… · 0.0201)).
    expect(at('tv')!.x).toBeCloseTo(Math.sqrt(1 / (0.8312345678901234 * 0.0201)), 12)
    expect(at('tv')!.group).toBe(`gaussian · ${TRAINED_VECTOR_GROUP_SUFFIX}`)
    expect(at('tv')!.note).toContain('σ_eff,j = 1/|w_j|')
    expect(at('bad')).toBeUndefined()
    expect(s.vectorPlaced).toBe(2)
    expect(s.vectorLeftOff).toBe(1)
    expect(s.note).toMatch(/^2 vector runs are placed at the geometric mean of their widths/)
    expect(s.note).toContain('1 vector run is not placed: its widths are not all positive and finite')
  })

  it('says nothing about vectors on another axis, where a vector run is placed by that field alone', () => {
    const s = scatterPoints(runs, 'training points', 'test MSE', 'kernel')
    expect(s.note).toBeNull()
    expect(s.points).toHaveLength(5)
    expect(s.points.every((p) => p.note === undefined)).toBe(true)
  })
})

describe('a classification run’s chips', () => {
  it('show accuracy, log loss and leave-one-out accuracy (with their coverage) in place of the squared errors it has none of', () => {
    const r = npVector([2.268, 5.861], {
      vector: {
        ...info([2.268, 5.861]),
        task: 'classification',
        target: 'species',
        labelNames: ['Adelie', 'Chinstrap', 'Gentoo'],
        classCount: 3,
        classMetrics: { accuracy: 0.9767441860465116, logLoss: 0.12712, looAccuracy: 0.9453125 },
        classCoverage: { accuracy: { covered: 86, total: 86 }, logLoss: { covered: 86, total: 86 }, looAccuracy: { covered: 250, total: 256 } },
      },
    })
    const keys = metricItems(r).map((i) => i.key)
    expect(keys).not.toContain('testMse')
    expect(keys).not.toContain('looScore')
    expect(keys).not.toContain('trainMse')
    expect(chip(r, 'accuracy')?.value).toBe('97.7 %')
    expect(chip(r, 'logLoss')?.value).toBe('0.1271')
    expect(chip(r, 'looAccuracy')?.value).toBe('94.5 %')
    expect(chip(r, 'accuracy')?.coverage).toBeNull()
    expect(chip(r, 'looAccuracy')?.coverage).toBe('250/256 points')
    // A regression vector run keeps its squared errors.
    expect(metricItems(npVector([1, 2])).map((i) => i.key)).toContain('testMse')
  })
})
