import { describe, expect, it } from 'vitest'
import { DRAFT_KEY, loadDraft, saveDraft } from '../../src-renderer/editor/editorDraft'
import { defaultEditorState } from '../../src-renderer/editor/editorModel'

function memory(initial: Record<string, string> = {}) {
  const m = new Map(Object.entries(initial))
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), map: m }
}

describe('the editor draft kept across reloads', () => {
  it('comes back as it was saved', () => {
    const store = memory()
    const s = defaultEditorState()
    s.kernel = 'boxcar'
    s.sigma = '0.304'
    s.sigmaRule = 'silverman'
    s.mode = 'parametric'
    s.epochs = '200'
    s.gen.n = '1000000'
    s.imported = { xTrain: [1, 2], yTrain: [3, 4], xQuery: [1.5], yTruth: null, source: 'mine.csv' }
    expect(saveDraft(store, s)).toBe(true)
    expect(loadDraft(store)).toEqual(s)
  })

  it('keeps the vector tab’s choices, but not an imported table (read again from its file)', () => {
    const store = memory()
    const s = defaultEditorState()
    s.source = 'vector'
    s.vector.dataset = 'penguins'
    s.vector.features = ['bill_length_mm', 'flipper_length_mm']
    s.vector.task = 'classification'
    s.vector.sigma = '0.5,2'
    s.vector.estimator = 'nw'
    expect(saveDraft(store, s)).toBe(true)
    expect(loadDraft(store)).toEqual(s)
    s.vector.kind = 'csv'
    s.vector.csv = { name: 't.csv', columns: ['a', 'y'], cells: [['1'], ['2']], rows: 1, numeric: [true, true] }
    s.vector.csvFeatures = ['a']
    s.vector.csvTarget = 'y'
    saveDraft(store, s)
    expect(store.map.get(DRAFT_KEY)).not.toContain('t.csv')
    const back = loadDraft(store)
    expect(back.vector.csv).toBeNull()
    expect(back.vector.kind).toBe('dataset')
    expect(back.vector.dataset).toBe('penguins')
  })

  it('gives the defaults for no draft, a broken one, or one that does not check out', () => {
    expect(loadDraft(memory())).toEqual(defaultEditorState())
    expect(loadDraft(null)).toEqual(defaultEditorState())
    expect(loadDraft(memory({ [DRAFT_KEY]: '{"kernel": "gaus' }))).toEqual(defaultEditorState())
    const bad = { ...defaultEditorState(), kernel: 'no-such-kernel' }
    expect(loadDraft(memory({ [DRAFT_KEY]: JSON.stringify(bad) }))).toEqual(defaultEditorState())
    expect(loadDraft(memory({ [DRAFT_KEY]: '42' }))).toEqual(defaultEditorState())
    const throwing = { getItem: () => { throw new Error('denied') }, setItem: () => undefined }
    expect(loadDraft(throwing)).toEqual(defaultEditorState())
  })

  it('fills fields the draft lacks (an older draft) with their defaults', () => {
    const { sigma: _sigma, ...old } = { ...defaultEditorState(), sigma: '0.5' }
    void _sigma
    // sigma is required: an old draft without it does not check out, so the defaults come back whole.
    expect(loadDraft(memory({ [DRAFT_KEY]: JSON.stringify(old) })).sigma).toBe('1')
    const extra = { ...defaultEditorState(), sigma: '0.5', somethingNew: true }
    expect(loadDraft(memory({ [DRAFT_KEY]: JSON.stringify(extra) }))).toEqual({ ...defaultEditorState(), sigma: '0.5' })
  })

  it('leaves out imported data too large to keep, and survives a full storage', () => {
    const store = memory()
    const s = defaultEditorState()
    const big = Array.from({ length: 100_001 }, (_, i) => i)
    s.source = 'import'
    s.imported = { xTrain: big, yTrain: big, xQuery: [0], yTruth: null, source: 'big.csv' }
    expect(saveDraft(store, s)).toBe(true)
    expect(loadDraft(store).imported).toBeNull()
    const full = { getItem: () => null, setItem: () => { throw new Error('QuotaExceededError') } }
    expect(saveDraft(full, s)).toBe(false)
  })
})
