import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { vectorPredict } from '../../src-shared/engine/vector'
import { cli, tempDir } from './runCli'

function csv(dir: string, name: string, header: string[], rows: (string | number)[][]): void {
  writeFileSync(join(dir, name), [header.join(','), ...rows.map((r) => r.join(','))].join('\n') + '\n')
}

const dir = tempDir('nw-vector-cli-')
const train: number[][] = []
for (let i = 0; i < 40; i++) {
  const a = (i * 37) % 11 / 2
  const b = (i * 17) % 13 / 3
  train.push([a, b, Math.sin(a) + b / 2 + ((i * 7) % 5) / 20])
}
csv(dir, 'train.csv', ['a', 'b', 'y'], train)
csv(dir, 'query.csv', ['a', 'b'], [[1, 1], [2.5, 3], [4, 0.5]])
csv(dir, 'classes.csv', ['a', 'b', 'label'], train.map(([a, b, y]) => [a!, b!, y! > 1.5 ? 'high' : y! > 0.5 ? 'mid' : 'low']))
csv(dir, 'class-query.csv', ['a', 'b', 'label'], [[1, 1, 'mid'], [4, 4, 'high'], [4.5, 0, 'low']])
// Labels with a separator and a doubled quote inside quotes: one cell each, as the numeric reader splits the same rows.
csv(dir, 'quoted-classes.csv', ['label', 'a', 'b'], train.map(([a, b, y]) => [y! > 1 ? '"big, tall"' : '"small ""s"""', a!, b!]))
csv(dir, 'one-class.csv', ['a', 'b', 'label'], train.map(([a, b]) => [a!, b!, 'same']))
csv(dir, 'text.csv', ['a', 'b', 'y'], [[1, 2, 3], [1, 'wide', 3]])
csv(dir, 'wide.csv', [...Array.from({ length: 33 }, (_, k) => `c${k}`), 'y'], [Array.from({ length: 34 }, (_, k) => k)])
csv(dir, 'line.csv', ['x', 'y'], [[0, 1], [1, 3], [2, 2], [3, 5]])
csv(dir, 'line-q.csv', ['x'], [[0.5], [2.5]])

async function json(...argv: string[]): Promise<Record<string, unknown>> {
  const r = await cli(dir, ...argv)
  if (r.code !== 0) throw new Error(`${argv.join(' ')}: ${r.stderr}`)
  return JSON.parse(r.stdout) as Record<string, unknown>
}

describe('fit with vector inputs', () => {
  it('gives large pairwise fits the idle cores by default, the same estimates bit for bit as one thread', async () => {
    // d = 8, n = m = 5,000: 2 * 10^8 products, the default's threshold (threads when the machine is idle).
    const rows = (count: number, seed: number) => Array.from({ length: count }, (_, i) => Array.from({ length: 9 }, (_, k) => (((i + 1) * (k + 3) * seed) % 1009) / 1009))
    const names = Array.from({ length: 8 }, (_, k) => `f${k}`)
    csv(dir, 'wide-train.csv', [...names, 'y'], rows(5000, 7))
    csv(dir, 'wide-query.csv', [...names, 'y'], rows(5000, 11))
    const args = ['fit', '--train', 'wide-train.csv', '--query', 'wide-query.csv', '--features', names.join(','), '--sigma', '0.5', '--json']
    const auto = await json(...args)
    expect(auto.algorithm).toBe('simd')
    expect(auto).toEqual(await json(...args, '--threads', '1'))
  }, 60_000)

  it('splits the queries across worker threads with --threads, the same estimates bit for bit', async () => {
    const args = ['fit', '--train', 'train.csv', '--query', 'query.csv', '--features', 'a,b', '--target', 'y', '--sigma', '0.8,1.2', '--estimator', 'local-linear', '--json']
    const one = await json(...args)
    const two = await json(...args, '--threads', '2')
    expect(two).toEqual(one)
    expect(await json(...args, '--threads', '1')).toEqual(one)
    const classes = await cli(dir, 'fit', '--train', 'classes.csv', '--query', 'class-query.csv', '--features', 'a,b', '--target', 'label', '--task', 'classification', '--threads', '2', '--json')
    expect([classes.code, classes.stderr]).toEqual([2, 'nw-workbench fit: --threads applies to regression fits (class scores are computed on one thread)\n'])
  })

  it('prints one yHat per query, the engine’s estimates at the width vector', async () => {
    const out = await json('fit', '--train', 'train.csv', '--query', 'query.csv', '--features', 'a,b', '--target', 'y', '--sigma', '0.8,1.2', '--json')
    expect(Object.keys(out)).toEqual(['yHat', 'undefinedQueries', 'algorithm', 'errorBound'])
    const keys = Float64Array.from(train.flatMap((r) => [r[0]!, r[1]!]))
    const values = Float64Array.from(train, (r) => r[2]!)
    const expected = vectorPredict({ keys, d: 2, values, queries: Float64Array.of(1, 1, 2.5, 3, 4, 0.5), kernel: 'gaussian', sigma: Float64Array.of(0.8, 1.2) })
    expect(out.yHat).toEqual(Array.from(expected.yHat))
    const ll = await json('fit', '--train', 'train.csv', '--query', 'query.csv', '--features', 'a,b', '--sigma', '1', '--estimator', 'local-linear', '--json')
    expect((ll.yHat as number[]).length).toBe(3)
    const dot = await json('fit', '--train', 'train.csv', '--query', 'query.csv', '--features', 'a,b', '--sigma', '1', '--scoring', 'dot', '--json')
    expect(dot.yHat).not.toEqual(ll.yHat)
  })

  it('chooses the widths when --sigma is absent and prints them', async () => {
    const out = await json('fit', '--train', 'train.csv', '--query', 'query.csv', '--features', 'a,b', '--json')
    expect((out.sigma as number[]).length).toBe(2)
    const bw = await json('bandwidth', '--train', 'train.csv', '--features', 'a,b', '--target', 'y', '--method', 'loo-cv', '--json')
    expect(bw.sigma).toEqual(out.sigma)
    expect(typeof bw.score).toBe('number')
  })

  it('adds lower and upper with --bands, reproducibly from --seed', async () => {
    const args = ['fit', '--train', 'train.csv', '--query', 'query.csv', '--features', 'a,b', '--sigma', '1', '--bands', 'bootstrap', '--replicates', '30', '--level', '0.9', '--seed', '4', '--json']
    const a = await json(...args)
    const b = await json(...args)
    expect(a.lower).toEqual(b.lower)
    expect((a.upper as number[]).length).toBe(3)
    const asymptotic = await json('fit', '--train', 'train.csv', '--query', 'query.csv', '--features', 'a,b', '--sigma', '1', '--bands', 'asymptotic', '--json')
    expect((asymptotic.lower as number[])[0]!).toBeLessThan((asymptotic.yHat as number[])[0]!)
  })

  it('classifies: sorted classes, score rows summing to 1, predicted labels and metrics', async () => {
    const out = await json('fit', '--train', 'classes.csv', '--query', 'class-query.csv', '--features', 'a,b', '--task', 'classification', '--target', 'label', '--sigma', '0.7', '--json')
    expect(out.classes).toEqual(['high', 'low', 'mid'])
    const scores = out.scores as number[][]
    for (const row of scores) expect(Math.abs(row.reduce((s, v) => s + v, 0) - 1)).toBeLessThan(1e-14)
    expect((out.predicted as string[]).every((p) => ['high', 'low', 'mid'].includes(p))).toBe(true)
    const metrics = out.metrics as Record<string, number>
    expect(Object.keys(metrics)).toEqual(['accuracy', 'logLoss', 'looAccuracy'])
    const noTruth = await json('fit', '--train', 'classes.csv', '--query', 'query.csv', '--features', 'a,b', '--task', 'classification', '--target', 'label', '--sigma', '0.7', '--json')
    expect(noTruth.metrics).toBeUndefined()
  })

  it('reads class labels with quoted separators and quotes as one cell', async () => {
    const out = await json('fit', '--train', 'quoted-classes.csv', '--query', 'query.csv', '--features', 'a,b', '--task', 'classification', '--target', 'label', '--sigma', '0.7', '--json')
    expect(out.classes).toEqual(['big, tall', 'small "s"'])
  })

  it('keeps one-dimensional fits and their JSON as they were', async () => {
    const out = await json('fit', '--train', 'line.csv', '--query', 'line-q.csv', '--kernel', 'gaussian', '--sigma', '0.5', '--json')
    expect(Object.keys(out)).toEqual(['yHat', 'undefinedQueries', 'algorithm', 'errorBound'])
    const same = await json('fit', '--train', 'line.csv', '--query', 'line-q.csv', '--features', 'x', '--sigma', '0.5', '--json')
    expect(same).toEqual(out)
    const bw = await json('bandwidth', '--train', 'line.csv', '--method', 'scott', '--json')
    expect(typeof bw.sigma).toBe('number')
  })

  it('trains a width vector with --per-coordinate', async () => {
    const out = await json('train', '--train', 'train.csv', '--features', 'a,b', '--per-coordinate', '--w0', '1', '--lr', '0.1', '--epochs', '3', '--loss', 'mean-half', '--json')
    expect((out.w as number[]).length).toBe(2)
    expect((out.epochs as { w: number[] }[])[2]!.w).toEqual(out.w)
    const withQuery = await json('train', '--train', 'train.csv', '--query', 'query.csv', '--features', 'a,b', '--per-coordinate', '--w0', '1', '--epochs', '1', '--json')
    expect((withQuery.yHat as number[]).length).toBe(3)
  })
})

describe('bad vector input gets one clear line and exit code 2', () => {
  it.each([
    ['a feature column that does not exist', ['fit', '--train', 'train.csv', '--query', 'query.csv', '--features', 'a,c', '--sigma', '1'], /train\.csv:1: no column "c" in the header \(found: a, b, y\)/],
    ['text in a feature column', ['fit', '--train', 'text.csv', '--query', 'query.csv', '--features', 'a,b', '--sigma', '1'], /text\.csv:3: column "b": "wide" is not a number/],
    ['one class only', ['fit', '--train', 'one-class.csv', '--query', 'query.csv', '--features', 'a,b', '--task', 'classification', '--target', 'label', '--sigma', '1'], /only one class/],
    ['d > 32', ['fit', '--train', 'wide.csv', '--query', 'wide.csv', '--features', Array.from({ length: 33 }, (_, k) => `c${k}`).join(','), '--sigma', '1'], /--features names 33 columns; at most 32/],
    ['sigma vector of the wrong length', ['fit', '--train', 'train.csv', '--query', 'query.csv', '--features', 'a,b', '--sigma', '1,2,3'], /--sigma has 3 widths but there are 2 features/],
    ['a non-positive width', ['fit', '--train', 'train.csv', '--query', 'query.csv', '--features', 'a,b', '--sigma', '1,0'], /--sigma\[2\] must be > 0/],
    ['dot scoring with a compact kernel', ['fit', '--train', 'train.csv', '--query', 'query.csv', '--features', 'a,b', '--sigma', '1', '--scoring', 'dot', '--kernel', 'boxcar'], /needs the gaussian kernel/],
    ['classification without a target', ['fit', '--train', 'classes.csv', '--query', 'query.csv', '--features', 'a,b', '--task', 'classification'], /needs --target/],
    ['several features without --per-coordinate', ['train', '--train', 'train.csv', '--query', 'query.csv', '--features', 'a,b'], /needs --per-coordinate/],
  ])('%s', async (_, argv, message) => {
    const r = await cli(dir, ...argv)
    expect(r.code).toBe(2)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).toMatch(message)
  })
})
