import { describe, expect, it } from 'vitest'
import { consistencyStudy } from '../../src-shared/study/exercises/definitions'
import { axisLabeler, axisLabels } from '../../src-shared/study/labels'
import { metricLines, parallelData, type StudyView } from '../../src-shared/study/views'

describe('readable labels for axis values', () => {
  it('names sigma rules, lists the fields that differ between data objects, and writes width lists as tuples', () => {
    expect(axisLabels([{ rule: 'loo-cv', isotropic: true }, { rule: 'scott' }, { rule: 'loo-cv', isotropic: true, heldOut: 2000 }])).toEqual([
      'loo-cv (isotropic)',
      'scott',
      'loo-cv (isotropic, ≤ 2,000 held out)',
    ])
    const data = consistencyStudy(1, [{ d: 1, maxN: 1000 }, { d: 2, maxN: 316 }], 2).axes!.data as unknown[]
    expect(axisLabels(data)).toEqual(['d = 1, n = 100', 'd = 1, n = 316', 'd = 1, n = 1000', 'd = 2, n = 100', 'd = 2, n = 316'])
    expect(axisLabels([[0.5, 0.5], [1, 2]])).toEqual(['(0.5, 0.5)', '(1, 2)'])
    expect(axisLabels([0.30441, 'gaussian', true])).toEqual(['0.3044', 'gaussian', 'true'])
  })

  it('keeps distinct values apart: labels that would coincide fall back to JSON', () => {
    // The same readable label ("a = 1") for two different objects: one field is nested and differs only inside.
    const values = [{ a: 1, b: { c: 1 } }, { a: 1, b: { c: 2 } }, { a: 2, b: { c: 2 } }]
    const labels = axisLabels(values)
    expect(new Set(labels).size).toBe(3)
    const twins = [
      { rule: 'loo-cv', isotropic: false },
      { rule: 'loo-cv' },
    ]
    expect(axisLabels(twins)).toEqual(['{"rule":"loo-cv","isotropic":false}', '{"rule":"loo-cv"}'])
    // A labeler finds a value by content, whatever the order of its keys.
    expect(axisLabeler([{ rule: 'loo-cv', isotropic: true }])({ isotropic: true, rule: 'loo-cv' })).toBe('loo-cv (isotropic)')
  })

  it('is what the metric chart and parallel coordinates show for an object axis', () => {
    const rules = [{ rule: 'loo-cv', isotropic: true }, { rule: 'silverman' }]
    const study: StudyView = {
      name: 's',
      axes: [
        { path: 'sigma', kind: 'list', values: rules },
        { path: 'kernel', kind: 'list', values: ['gaussian'] },
      ],
      cells: rules.map((sigma, i) => ({ key: String(i), params: { sigma, kernel: 'gaussian' }, runIds: [], metrics: { testMse: { mean: 0.1 + i, sd: 0, n: 1, ci95: null } } })),
    } as unknown as StudyView
    const lines = metricLines(study, 'testMse', 'sigma', 'sd')
    expect(lines.categories).toEqual(['loo-cv (isotropic)', 'silverman'])
    expect(lines.lines[0]!.points.map((p) => p.x)).toEqual(['loo-cv (isotropic)', 'silverman'])
    const parallel = parallelData(study, 'testMse', 'test MSE')
    expect(parallel.dims[0]!.categories).toEqual(['loo-cv (isotropic)', 'silverman'])
    expect(parallel.rows.map((r) => r[0])).toEqual(['loo-cv (isotropic)', 'silverman'])
  })
})
