import { describe, expect, it } from 'vitest'
import { defaultEditorState, editorStateFromRun, validateEditor } from '../../src-renderer/editor/editorModel'
import { parseCsvTable } from '../../src-renderer/editor/vectorCsv'

/** The editor's vector data: the spec it builds, the column picker's table, and its field errors. */
describe('vector data in the editor', () => {
  it('build a shipped-set spec the API accepts, with the chosen features and widths', () => {
    const s = defaultEditorState()
    s.source = 'vector'
    s.vector.sigmaRule = 'given'
    s.vector.sigma = '10, 200'
    s.vector.estimator = 'local-linear'
    const v = validateEditor(s)
    expect(v.errors).toEqual({})
    expect(v.data).toBeNull()
    expect(v.spec).toEqual({
      data: { dataset: 'cars', features: ['horsepower', 'weight'], holdout: 0.25, seed: 0 },
      kernel: 'gaussian',
      sigma: [10, 200],
      mode: 'nonparametric',
      task: 'regression',
      estimator: 'local-linear',
      scoring: 'distance',
    })
  })

  it('say what is wrong with each field', () => {
    const s = defaultEditorState()
    s.source = 'vector'
    s.vector.features = []
    s.vector.seed = '-1'
    s.vector.sigmaRule = 'given'
    s.vector.sigma = '1, x'
    expect(validateEditor(s).errors).toEqual({ 'vector.features': 'choose at least one feature', 'vector.seed': 'a whole number in [0, 4294967295]', 'vector.sigma': 'widths > 0, separated by commas' })
    s.vector.features = ['horsepower', 'weight']
    s.vector.seed = '1'
    s.vector.sigma = '1, 2, 3'
    expect(validateEditor(s).errors).toEqual({ 'vector.sigma': 'give one width, or one per feature (2)' })
  })

  it('build a parametric spec that trains the widths with the Mode card’s training fields, and refuse it for class data', () => {
    const s = defaultEditorState()
    s.source = 'vector'
    s.mode = 'parametric'
    s.w0Random = false
    s.w0 = '1'
    s.lr = '0.2'
    s.epochs = '30'
    s.loss = 'mean-half'
    s.batchSize = '64'
    s.trainSeed = '5'
    // The width fields do not apply: a trained run learns them.
    s.vector.sigmaRule = 'given'
    s.vector.sigma = 'not a number'
    const v = validateEditor(s)
    expect(v.errors).toEqual({})
    expect(v.spec).toEqual({
      data: { dataset: 'cars', features: ['horsepower', 'weight'], holdout: 0.25, seed: 0 },
      kernel: 'gaussian',
      mode: 'parametric',
      task: 'regression',
      training: { w0: 1, lr: 0.2, epochs: 30, loss: 'mean-half', loo: true, batchSize: 64, seed: 5, standardize: true },
    })
    s.vector.standardize = false
    expect(validateEditor(s).spec!.training).toMatchObject({ standardize: false })
    s.epochs = '-1'
    expect(validateEditor(s)).toMatchObject({ spec: null, errors: { epochs: expect.any(String) } })
    s.epochs = '30'
    s.vector.dataset = 'penguins'
    s.vector.features = ['beak_length', 'flipper_length']
    expect(validateEditor(s).errors.spec).toMatch(/^mode: a trained width vector is for regression/)
    // Edit and re-run: the stored spec's choice comes back.
    const back = editorStateFromRun({ spec: { ...v.spec, sigma: 1, training: { ...v.spec!.training, standardize: false } }, sigma: null, name: 'r', arrays: null, data: { label: 'cars' } })
    expect(back).toMatchObject({ source: 'vector', mode: 'parametric', vector: { standardize: false }, epochs: '30', lr: '0.2' })
  })

  it('turn an imported table into inline vector data through the picked columns', () => {
    const t = parseCsvTable('t.csv', 'a,b,label,y\n1,2,p,0.5\n3,4,q,1.5\n5,6,p,2.5\n')
    expect(t).toMatchObject({ columns: ['a', 'b', 'label', 'y'], rows: 3, numeric: [true, true, false, true] })
    const s = defaultEditorState()
    s.source = 'vector'
    s.vector.kind = 'csv'
    s.vector.csv = t
    s.vector.csvFeatures = ['a', 'b']
    s.vector.csvTarget = 'label'
    s.vector.task = 'classification'
    const c = validateEditor(s).spec!
    expect(c.data).toEqual({ features: ['a', 'b'], target: 'label', xTrain: [1, 2, 3, 4, 5, 6], labelsTrain: ['p', 'q', 'p'], xQuery: [1, 2, 3, 4, 5, 6], labelsQuery: ['p', 'q', 'p'], source: 't.csv' })
    expect(c).toMatchObject({ task: 'classification', sigma: { rule: 'silverman' } })
    expect(c).not.toHaveProperty('estimator')
    s.vector.task = 'regression'
    expect(validateEditor(s).errors).toEqual({ 'vector.target': 'column "label" has text: choose classification, or a numeric column' })
    s.vector.csvTarget = 'y'
    s.vector.csvTruth = 'y'
    expect(validateEditor(s).spec!.data).toMatchObject({ yTrain: [0.5, 1.5, 2.5], yTruth: [0.5, 1.5, 2.5] })
    expect(() => parseCsvTable('r.csv', 'a,b\n1,2\n3\n')).toThrow('r.csv:3: expected 2 columns, found 1')
  })

  it('fill the vector form from a stored vector run (edit and re-run)', () => {
    const s = editorStateFromRun({
      spec: { data: { dataset: 'penguins', features: ['beak_length', 'body_mass'], holdout: 0.1, seed: 4 }, kernel: 'epanechnikov', sigma: [2, 300], mode: 'nonparametric', training: null, task: 'classification' },
      sigma: null,
      name: 'p',
      arrays: null,
      data: { label: 'penguins' },
    })
    expect(s.source).toBe('vector')
    expect(s.kernel).toBe('epanechnikov')
    expect(s.vector).toMatchObject({ kind: 'dataset', dataset: 'penguins', features: ['beak_length', 'body_mass'], holdout: '0.1', seed: '4', sigmaRule: 'given', sigma: '2, 300' })
    expect(validateEditor(s).spec).toMatchObject({ sigma: [2, 300], task: 'classification', kernel: 'epanechnikov' })
  })
})
