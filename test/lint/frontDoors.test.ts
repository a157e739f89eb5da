import { join } from 'node:path'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const ROOT = join(__dirname, '..', '..')
const eslint = new ESLint({ cwd: ROOT })

/** Lints `code` as if it were the file at `path` and returns the messages of `rule`. */
async function messages(rule: string, path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, path) })
  return result!.messages.filter((m) => m.ruleId === rule).map((m) => m.message)
}

describe('the front-door lint rule', () => {
  const deep: [string, string][] = [
    ['src-main/parallel/x.ts', "import { makePlan } from '../../src-shared/engine/fast/plan'\nexport const a = makePlan"],
    ['src-main/cli/commands/x.ts', "import { nwWeightsDense } from '../../../src-shared/engine/dense/nonparametric'\nexport const a = nwWeightsDense"],
    ['src-renderer/composables/x.ts', "import { sortedCopy } from '../../src-shared/engine/common/heatmapBlocks'\nexport const a = sortedCopy"],
    ['src-shared/experiment/x.ts', "export { runRange } from '../engine/fast/run'"],
    ['src-main/jobs/x.ts', "export const load = () => import('../../src-shared/engine/fast/predict')"],
  ]
  it.each(deep)('refuses a deep import of engine internals from %s (%#)', async (path, code) => {
    const found = await messages('local/front-doors', path, code)
    expect(found).toHaveLength(1)
    expect(found[0]).toMatch(/import src-shared\/engine through its public modules/)
  })

  const fine: [string, string][] = [
    ['src-main/parallel/x.ts', "import { splitPrediction } from '../../src-shared/engine/parallel'\nexport const a = splitPrediction"],
    ['src-shared/engine/estimate2.ts', "import { fastPredict } from './fast/predict'\nexport const a = fastPredict"],
    ['src-shared/engine/fast/x.ts', "import { nwPredictDense } from '../dense/nonparametric'\nexport const a = nwPredictDense"],
    ['test/engine/x.test.ts', "import { makePlan } from '../../src-shared/engine/fast/plan'\nexport const a = makePlan"],
  ]
  it.each(fine)('allows %s (%#)', async (path, code) => {
    expect(await messages('local/front-doors', path, code)).toEqual([])
  })

  it('holds for the whole code base: nothing outside the engine reaches into it', async () => {
    const results = await eslint.lintFiles(['src-main', 'src-renderer', 'src-shared'])
    const found = results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'local/front-doors').map((m) => `${r.filePath}: ${m.message}`))
    expect(found).toEqual([])
  }, 120_000)
})

describe('the no-spread-arguments lint rule', () => {
  const planted: [string, string][] = [
    ['src-main/cli/x.ts', 'export const widest = (a: number[]) => Math.max(...a)'],
    ['src-renderer/x.ts', 'export const all = (out: number[], a: number[]) => out.push(...a)'],
    ['src-shared/charts/x.ts', 'export const f = (g: (...x: number[]) => number, a: number[]) => g(1, ...a)'],
    ['src-shared/x.ts', 'export const d = (a: number[]) => new Date(...(a as [number]))'],
  ]
  it.each(planted)('refuses a spread into a call in %s (%#)', async (path, code) => {
    const found = await messages('local/no-spread-args', path, code)
    expect(found).toHaveLength(1)
    expect(found[0]).toMatch(/overflows the stack/)
  })

  it('allows spreads into array and object literals', async () => {
    expect(await messages('local/no-spread-args', 'src-main/x.ts', 'export const f = (a: number[], o: object) => [[...a], { ...o }]')).toEqual([])
  })
})
