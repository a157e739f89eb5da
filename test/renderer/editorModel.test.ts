import { describe, expect, it } from 'vitest'
import { applyPresetRecipe, defaultEditorState, parseNumber, validateEditor, type EditorState } from '../../src-renderer/editor/editorModel'

const state = (patch: (s: EditorState) => void = () => undefined) => {
  const s = defaultEditorState()
  patch(s)
  return s
}

describe('the editor’s number fields', () => {
  it.each([
    ['', {}, 'required'],
    ['abc', {}, 'not a number'],
    ['1e999', {}, 'too large'],
    ['1.5', { integer: true }, 'must be a whole number'],
    ['0', { min: 0, exclusiveMin: true }, 'must be > 0'],
    ['-1', { min: 0 }, 'must be ≥ 0'],
    ['11', { max: 10 }, 'must be ≤ 10'],
    ['0x10', {}, 'not a number'],
  ])('refuses %j (%j) with "%s"', (text, rule, message) => {
    expect(parseNumber(text, rule)).toEqual({ value: null, error: message })
  })
  it('accepts decimals, exponents, blanks where optional', () => {
    expect(parseNumber(' 2.5e-1 ')).toEqual({ value: 0.25, error: null })
    expect(parseNumber('', { optional: true })).toEqual({ value: null, error: null })
  })
})

describe('validating the editor', () => {
  it('turns the default state into the chapter’s nonparametric experiment', () => {
    const v = validateEditor(defaultEditorState())
    expect(v.errors).toEqual({})
    expect(v.spec).toEqual({ data: { preset: 'd2l-oldest', seed: 0 }, kernel: 'gaussian', sigma: 1, mode: 'nonparametric' })
  })

  it('marks each bad field, and makes no spec', () => {
    const v = validateEditor(
      state((s) => {
        s.source = 'generator'
        s.gen.n = '0'
        s.gen.xMin = '3'
        s.gen.xMax = '1'
        s.gen.seed = '-1'
        s.sigma = '0'
      }),
    )
    expect(v.errors).toEqual({ 'gen.n': 'must be ≥ 1', 'gen.xMax': 'must be greater than x min', 'gen.seed': 'must be ≥ 0', sigma: 'must be > 0' })
    expect(v.spec).toBeNull()
    expect(v.data).toBeNull()
  })

  it('refuses x < 0 for the chapter’s x^0.8 function', () => {
    const v = validateEditor(state((s) => ((s.source = 'generator'), (s.gen.fn = 'sin-pow'), (s.gen.xMin = '-1'))))
    expect(v.errors['gen.xMin']).toBe('2 sin(x) + x^0.8 needs x ≥ 0')
  })

  it('builds the parametric spec with the training fields', () => {
    const v = validateEditor(
      state((s) => {
        s.mode = 'parametric'
        s.w0Random = false
        s.w0 = '1.3'
        s.lr = '0.25'
        s.epochs = '12'
        s.loss = 'mean-half'
        s.loo = false
        s.batchSize = '10'
        s.trainSeed = '7'
        s.name = '  my run '
      }),
    )
    expect(v.spec).toEqual({
      data: { preset: 'd2l-oldest', seed: 0 },
      kernel: 'gaussian',
      sigma: 1,
      mode: 'parametric',
      training: { w0: 1.3, lr: 0.25, epochs: 12, loss: 'mean-half', loo: false, batchSize: 10, seed: 7 },
      name: 'my run',
    })
  })

  it('says that parametric training needs the Gaussian', () => {
    const v = validateEditor(state((s) => ((s.mode = 'parametric'), (s.kernel = 'boxcar'))))
    expect(v.errors.spec).toMatch(/choose Gaussian/)
    expect(v.spec).toBeNull()
  })

  it('asks for a file when importing', () => {
    expect(validateEditor(state((s) => (s.source = 'import'))).errors.imported).toBe('choose a CSV file with columns x,y')
  })

  it('applies an edition’s training recipe', () => {
    const s = defaultEditorState()
    applyPresetRecipe(s, 'd2l-middle')
    expect([s.w0Random, s.w0, s.lr, s.epochs, s.loss, s.loo, s.batchSize]).toEqual([false, '1', '1', '5', 'mean-half', false, '10'])
  })
})
