// @vitest-environment happy-dom
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { fixtureColumns } from '../fixtures/data-files/values'

vi.mock('../../src-renderer/api', () => ({
  connection: { kind: 'browser', onEvent: () => () => undefined, onStatus: () => () => undefined, bridge: null },
  api: { previewData: vi.fn(async () => ({ xTrain: [1], yTrain: [1], xQuery: [1], yTruth: [1], nTrain: 1, nQuery: 1, thinned: false })) },
}))
vi.mock('../../src-renderer/components/common/ChartView.vue', () => ({ default: { template: '<div class="chart-stub" />' } }))

const { default: DataSection } = await import('../../src-renderer/components/editor/DataSection.vue')
const { editorState, resetEditor } = await import('../../src-renderer/state/editor')

enableAutoUnmount(afterEach)

const FIXTURES = join(__dirname, '..', 'fixtures', 'data-files')
const fixtureFile = (name: string) => new File([readFileSync(join(FIXTURES, name))], name)

/** Drops files on the editor's file inputs, as a user choosing or dropping them does. */
async function drop(w: ReturnType<typeof mount>, field: 'trainFile' | 'queryFile', file: File) {
  const input = w.find(`input[data-field="${field}"]`)
  Object.defineProperty(input.element, 'files', { value: [file], configurable: true })
  await input.trigger('change')
  await vi.waitFor(() => expect(w.text()).not.toContain('Reading…'))
  await flushPromises()
}

describe('importing data files in the editor', () => {
  it('accepts CSV, TSV, Parquet and Arrow/Feather files', () => {
    resetEditor()
    editorState.source = 'import'
    const w = mount(DataSection)
    for (const input of w.findAll('input[type="file"]')) {
      const accept = input.attributes('accept')!.split(',')
      for (const ext of ['.csv', '.tsv', '.parquet', '.arrow', '.feather']) expect(accept).toContain(ext)
    }
  })

  it('reads a dropped Parquet training file and a Feather query file with the command line’s reader', async () => {
    resetEditor()
    editorState.source = 'import'
    const w = mount(DataSection)
    await drop(w, 'trainFile', fixtureFile('pandas-snappy.parquet'))
    await drop(w, 'queryFile', fixtureFile('pandas-lz4.feather'))
    const want = { train: fixtureColumns(200), query: fixtureColumns(9000) }
    const imported = editorState.imported!
    expect(imported.xTrain).toEqual(Array.from(want.train.x))
    expect(imported.yTrain).toEqual(Array.from(want.train.y))
    expect(imported.xQuery).toEqual(Array.from(want.query.x))
    expect(imported.source).toBe('pandas-snappy.parquet, pandas-lz4.feather')
  })

  it('shows the reader’s one-line error for a bad file', async () => {
    resetEditor()
    editorState.source = 'import'
    const w = mount(DataSection)
    await drop(w, 'trainFile', fixtureFile('text-cell.parquet'))
    expect(editorState.imported).toBeNull()
    expect(w.find('[role="alert"]').text()).toBe('text-cell.parquet: column "y", row 3: "n/a" is not a number (the column holds text)')
  })
})
