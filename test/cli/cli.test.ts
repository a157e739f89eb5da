import { copyFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { formatCsv } from '../../src-shared/csv'
import { expectClose, reference } from '../engine/reference'
import { cli, tempDir } from './runCli'

describe('nw-workbench CLI against the chapter’s PyTorch code', () => {
  const dir = tempDir()
  beforeAll(() => {
    for (const ds of reference.datasets) {
      writeFileSync(join(dir, `${ds.name}-train.csv`), formatCsv({ x: ds.x, y: ds.y }))
      writeFileSync(join(dir, `${ds.name}-query.csv`), formatCsv({ x: ds.q }))
    }
  })

  for (const ds of reference.datasets) {
    const files = ['--train', `${ds.name}-train.csv`, '--query', `${ds.name}-query.csv`]

    it(`fit on ${ds.name}: predictions, weights and undefined queries`, async () => {
      for (const fit of ds.fits) {
        const args = ['fit', ...files, '--kernel', fit.kernel, '--sigma', String(fit.sigma), '--json']
        if (fit.weights) args.push('--weights')
        const r = await cli(dir, ...args)
        expect(r.code).toBe(0)
        const out = JSON.parse(r.stdout) as { yHat: (number | null)[]; weights?: number[][]; undefinedQueries: number[] }
        expectClose(out.yHat.map((v) => v ?? NaN), fit.yHat, 1e-12, `${fit.kernel} ${fit.sigma}`)
        expect(out.undefinedQueries).toEqual(fit.undefinedQueries)
        if (fit.weights) expectClose(out.weights!.flat(), fit.weights.flat(), 1e-12, 'weights')
        else expect(out.weights).toBeUndefined()
        if (fit.undefinedQueries.length) expect(r.stderr).toMatch(/have no key within reach/)
      }
    })

    it(`train on ${ds.name}: epochs, w and predictions`, async () => {
      for (const t of ds.training) {
        const args = ['train', ...files, '--w0', String(t.w0), '--lr', String(t.lr), '--epochs', String(t.epochs), '--loss', t.loss, '--json']
        if (!t.loo) args.push('--no-loo')
        if (t.batchSize !== null) args.push('--batch-size', String(t.batchSize), '--seed', String(t.seed))
        const r = await cli(dir, ...args)
        expect(r.code, r.stderr).toBe(0)
        const out = JSON.parse(r.stdout) as { epochs: { epoch: number; loss: number; w: number }[]; w: number; yHat: number[] }
        expect(out.epochs.map((e) => e.epoch)).toEqual(t.records.map((e) => e.epoch))
        expectClose(out.epochs.map((e) => e.loss), t.records.map((e) => e.loss), 1e-11, 'loss')
        expectClose(out.epochs.map((e) => e.w), t.records.map((e) => e.w), 1e-11, 'w')
        expectClose([out.w], [t.w], 1e-11, 'final w')
        expectClose(out.yHat, t.yHat, 1e-10, 'yHat')
      }
    })

    it(`bandwidth on ${ds.name}: rules of thumb as statsmodels, loo-cv no worse than cv_ls`, async () => {
      const train = ['--train', `${ds.name}-train.csv`, '--kernel', 'gaussian', '--json']
      const silverman = JSON.parse((await cli(dir, 'bandwidth', ...train, '--method', 'silverman')).stdout)
      expectClose([silverman.sigma], [ds.bandwidth.silverman], 1e-13, 'silverman')
      const scott = JSON.parse((await cli(dir, 'bandwidth', ...train, '--method', 'scott')).stdout)
      expectClose([scott.sigma], [ds.bandwidth.scott], 1e-13, 'scott')
      const cv = JSON.parse((await cli(dir, 'bandwidth', ...train, '--method', 'loo-cv')).stdout)
      expect(cv.score).toBeLessThanOrEqual(ds.bandwidth.statsmodelsCvLs.score * (1 + 1e-12))
      // These data have a trend: the optimum is inside the search, and says so.
      expect(cv.limit).toBeNull()
    })
  }
})

describe('nw-workbench bandwidth at an end of the search', () => {
  it('says "limit": "upper" when the score still falls where every key weighs alike', async () => {
    const dir = tempDir()
    copyFileSync(new URL('../fixtures/loo-flat-limit.csv', import.meta.url), join(dir, 'flat.csv'))
    const r = await cli(dir, 'bandwidth', '--train', 'flat.csv', '--method', 'loo-cv', '--json')
    expect(r.code, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout).limit).toBe('upper')
    const text = await cli(dir, 'bandwidth', '--train', 'flat.csv', '--method', 'loo-cv')
    expect(text.stdout).toContain('at the upper end of the search')
    // The rules of thumb are no search: no limit field.
    expect(JSON.parse((await cli(dir, 'bandwidth', '--train', 'flat.csv', '--method', 'scott', '--json')).stdout)).not.toHaveProperty('limit')
  })
})

describe('nw-workbench fit on a large problem', () => {
  it('names the fast path it took and states its error bound', async () => {
    const dir = tempDir()
    const gen = await cli(dir, 'generate', '--fn', 'sin', '--n', '20000', '--seed', '4', '--query-step', '0.001', '--out-train', 't.csv', '--out-query', 'q.csv')
    expect(gen.code, gen.stderr).toBe(0)
    const g = JSON.parse((await cli(dir, 'fit', '--train', 't.csv', '--query', 'q.csv', '--kernel', 'gaussian', '--sigma', '1', '--json')).stdout)
    expect(g.yHat).toHaveLength(5000)
    expect(['fgt', 'window']).toContain(g.algorithm)
    expect(g.errorBound).toBeGreaterThan(0)
    expect(g.errorBound).toBeLessThan(1e-9)
    const c = JSON.parse((await cli(dir, 'fit', '--train', 't.csv', '--query', 'q.csv', '--kernel', 'tricube', '--sigma', '0.2', '--json')).stdout)
    expect(c.algorithm).toBe('compact')
    const threaded = JSON.parse((await cli(dir, 'fit', '--train', 't.csv', '--query', 'q.csv', '--kernel', 'tricube', '--sigma', '0.2', '--threads', '2', '--json')).stdout)
    // Split across threads: the same bits.
    expect(threaded.yHat).toEqual(c.yHat)
  })
})

describe('nw-workbench generate', () => {
  it('writes the preset’s training set and query grid, reproducibly', async () => {
    const dir = tempDir()
    const args = ['generate', '--preset', 'd2l-newest', '--seed', '3', '--out-train', 'a/t.csv', '--out-query', 'a/q.csv', '--json']
    const r = await cli(dir, ...args)
    expect(r.code, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({ n: 40, queries: 50 })
    const again = await cli(dir, 'fit', '--train', 'a/t.csv', '--query', 'a/q.csv', '--kernel', 'boxcar', '--sigma', '0.5', '--json')
    expect(again.code).toBe(0)
    expect(JSON.parse(again.stdout).yHat).toHaveLength(50)
    const custom = await cli(dir, 'generate', '--fn', 'step', '--n', '7', '--seed', '1', '--noise', '0', '--out-train', 't.csv', '--out-query', 'q.csv')
    expect(custom.code, custom.stderr).toBe(0)
  })
})

describe('bad input: exit code 2 and one line that names the file and line or the flag', () => {
  const dir = tempDir()
  const files: Record<string, string> = {
    'good.csv': 'x,y\n0,1\n1,2\n2,0\n',
    'q.csv': 'x\n0.5\n1.5\n',
    'empty.csv': '',
    'blank.csv': '\n\n',
    'header-only.csv': 'x,y\n',
    'no-y.csv': 'x,z\n1,2\n',
    'text.csv': 'x,y\n0,1\n1,abc\n',
    'nan.csv': 'x,y\n0,1\nNaN,2\n',
    'short.csv': 'x,y\n0,1\n3\n',
    'inf.csv': 'x,y\n0,1\n1,1e999\n',
  }
  beforeAll(() => {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
  })

  const cases: [string, string[], RegExp][] = [
    ['missing column', ['fit', '--train', 'no-y.csv', '--query', 'q.csv', '--kernel', 'gaussian', '--sigma', '1'], /^nw-workbench fit: no-y\.csv:1: no column "y" in the header \(found: x, z\)/],
    ['non-numeric cell', ['fit', '--train', 'text.csv', '--query', 'q.csv', '--kernel', 'gaussian', '--sigma', '1'], /text\.csv:3: column "y": "abc" is not a number/],
    ['NaN cell', ['fit', '--train', 'nan.csv', '--query', 'q.csv', '--kernel', 'gaussian', '--sigma', '1'], /nan\.csv:3: column "x": "NaN" is not a number/],
    ['infinite cell', ['fit', '--train', 'inf.csv', '--query', 'q.csv', '--kernel', 'gaussian', '--sigma', '1'], /inf\.csv:3: column "y": 1e999 is out of range/],
    ['short row', ['fit', '--train', 'short.csv', '--query', 'q.csv', '--kernel', 'gaussian', '--sigma', '1'], /short\.csv:3: expected at least 2 columns, found 1/],
    ['empty file', ['fit', '--train', 'empty.csv', '--query', 'q.csv', '--kernel', 'gaussian', '--sigma', '1'], /empty\.csv: the file is empty; expected a header row with columns x, y/],
    ['blank file', ['fit', '--train', 'good.csv', '--query', 'blank.csv', '--kernel', 'gaussian', '--sigma', '1'], /blank\.csv: the file is empty; expected a header row with column x/],
    ['header only', ['bandwidth', '--train', 'header-only.csv', '--kernel', 'gaussian', '--method', 'scott'], /header-only\.csv: no data rows below the header/],
    ['missing file', ['fit', '--train', 'nope.csv', '--query', 'q.csv', '--kernel', 'gaussian', '--sigma', '1'], /nope\.csv: no such file or folder/],
    ['sigma zero', ['fit', '--train', 'good.csv', '--query', 'q.csv', '--kernel', 'gaussian', '--sigma', '0'], /--sigma must be > 0 \(got 0\)/],
    ['sigma negative', ['fit', '--train', 'good.csv', '--query', 'q.csv', '--kernel', 'gaussian', '--sigma', '-2'], /--sigma must be > 0 \(got -2\)/],
    ['sigma text', ['fit', '--train', 'good.csv', '--query', 'q.csv', '--kernel', 'gaussian', '--sigma', 'wide'], /--sigma: "wide" is not a number/],
    ['sigma subnormal', ['fit', '--train', 'good.csv', '--query', 'q.csv', '--kernel', 'gaussian', '--sigma', '1e-320'], /--sigma must be at least 1e-100 \(below it, squared distances over sigma\^2 overflow\) \(got 1e-320\)/],
    ['unknown kernel', ['fit', '--train', 'good.csv', '--query', 'q.csv', '--kernel', 'gauss', '--sigma', '1'], /--kernel: unknown value "gauss" \(choose one of: gaussian, boxcar/],
    ['unknown flag', ['fit', '--train', 'good.csv', '--query', 'q.csv', '--kernel', 'gaussian', '--sigma', '1', '--bandwith', '2'], /fit: unknown flag --bandwith/],
    ['flag without value', ['fit', '--train', 'good.csv', '--query', 'q.csv', '--kernel', 'gaussian', '--sigma'], /--sigma needs a value/],
    ['missing flag', ['fit', '--train', 'good.csv', '--kernel', 'gaussian', '--sigma', '1'], /missing required flag --query/],
    ['unknown command', ['fitt'], /unknown command "fitt"/],
    ['bad epochs', ['train', '--train', 'good.csv', '--query', 'q.csv', '--epochs', '2.5'], /--epochs must be an integer \(got 2\.5\)/],
    ['bad loss', ['train', '--train', 'good.csv', '--query', 'q.csv', '--loss', 'l1'], /--loss: unknown value "l1"/],
    ['bad lr', ['train', '--train', 'good.csv', '--query', 'q.csv', '--lr', '0'], /--lr must be > 0/],
    ['bad w0', ['train', '--train', 'good.csv', '--query', 'q.csv', '--w0', 'big'], /--w0: "big" is not a number/],
    ['overflowing w0', ['train', '--train', 'good.csv', '--query', 'q.csv', '--w0', '1e308'], /w0 = 1e\+308 is too large for these inputs: \(\(q - k\)·w\)² overflows a double/],
    ['overflowing w0 without leave-one-out', ['train', '--train', 'good.csv', '--query', 'q.csv', '--w0', '1e300', '--no-loo'], /w0 = 1e\+300 is too large/],
    ['bad method', ['bandwidth', '--train', 'good.csv', '--kernel', 'gaussian', '--method', 'cv'], /--method: unknown value "cv" \(choose one of: loo-cv, silverman, scott\)/],
    ['bad preset', ['generate', '--preset', 'd2l', '--seed', '1', '--out-train', 't.csv', '--out-query', 'q2.csv'], /--preset: unknown value "d2l"/],
    ['bad seed', ['generate', '--preset', 'd2l-oldest', '--seed', '-1', '--out-train', 't.csv', '--out-query', 'q2.csv'], /--seed must be >= 0/],
    ['stray argument', ['fit', 'extra', '--train', 'good.csv'], /unexpected argument "extra"/],
  ]
  it.each(cases)('%s', async (_, args, pattern) => {
    const r = await cli(dir, ...args)
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(pattern)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).not.toMatch(/\n\s+at /)
  })

  it('prints help for every command and the overview', async () => {
    const overview = await cli(dir, '--help')
    expect(overview.code).toBe(0)
    for (const name of ['generate', 'fit', 'train', 'bandwidth']) {
      expect(overview.stdout).toContain(name)
      const r = await cli(dir, name, '--help')
      expect(r.code).toBe(0)
      expect(r.stdout).toMatch(new RegExp(`^Usage: nw-workbench ${name}`))
    }
  })
})
