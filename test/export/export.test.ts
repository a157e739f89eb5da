import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { DOMParser } from '@xmldom/xmldom'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunDetail } from '../../src-shared/api/runs'
import { exportRunChart } from '../../src-main/export/runExports'
import { createServices, type Services } from '../../src-main/services'
import { cli, tempDir } from '../cli/runCli'

let s: Services
let np: RunDetail
let par: RunDetail
const dbPath = join(tempDir(), 'export.db')

beforeAll(async () => {
  s = createServices({ databasePath: dbPath, transport: 'cli', experimentWorkers: 1 })
  const a = await s.runner.create({ data: { preset: 'd2l-oldest', seed: 0 }, kernel: 'gaussian', sigma: 1, mode: 'nonparametric', tags: [], notes: '' })
  const b = await s.runner.create({ data: { preset: 'd2l-oldest', seed: 0 }, kernel: 'gaussian', sigma: 1, mode: 'parametric', tags: [], notes: '' })
  await s.runner.waitFor(a.id)
  await s.runner.waitFor(b.id)
  np = s.store.detail(a.id, 'full')
  par = s.store.detail(b.id, 'full')
})
afterAll(() => s.close())

const opts = { format: 'svg' as const, size: { width: 640, height: 420 }, scale: 2, theme: 'light' as const }

function parseSvg(text: string) {
  const errors: string[] = []
  const doc = new DOMParser({ onError: (level: string, msg: string) => errors.push(`${level}: ${msg}`) }).parseFromString(text, 'image/svg+xml')
  return { doc, errors }
}

describe('chart export', () => {
  it('writes a 50-point fit as compact, valid SVG holding every series', () => {
    const { data, fileName } = exportRunChart(s.store, np, 'fit', opts)
    expect(fileName).toBe(`${np.id}-fit.svg`)
    const svg = data as string
    expect(Buffer.byteLength(svg)).toBeLessThan(40_000)
    const { doc, errors } = parseSvg(svg)
    expect(errors).toEqual([])
    expect(doc.documentElement!.nodeName).toBe('svg')
    const texts = Array.from(doc.getElementsByTagName('text'), (t) => t.textContent)
    for (const name of ['Truth', 'Pred', 'Average pooling', 'Training points']) expect(texts).toContain(name)
    // 50 training points as markers, and the curves as paths.
    expect(doc.getElementsByTagName('path').length).toBeGreaterThan(50)
  })

  it('renders every chart of a trained run as valid SVG, and PNG with a PNG signature', () => {
    for (const chart of ['fit', 'heatmap', 'loss', 'kernel'] as const) {
      const svg = exportRunChart(s.store, par, chart, opts).data as string
      expect(parseSvg(svg).errors, chart).toEqual([])
      const png = exportRunChart(s.store, par, chart, { ...opts, format: 'png', scale: 1.5 }).data as Buffer
      expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
      // IHDR: width and height scale with --scale.
      expect(png.readUInt32BE(16)).toBe(960)
      expect(png.readUInt32BE(20)).toBe(630)
    }
  })

  it('writes the data behind each chart as CSV', () => {
    const fit = exportRunChart(s.store, par, 'fit', { ...opts, format: 'csv' }).data as string
    const [queries, points] = fit.split('\n\n')
    expect(queries!.split('\n')[0]).toBe('x,truth,y_hat_trained,y_hat_nonparametric,average_pooling')
    expect(queries!.trim().split('\n')).toHaveLength(51)
    expect(Number(queries!.split('\n')[1]!.split(',')[2])).toBe(par.arrays!.yHat![0])
    expect(points!.split('\n')[0]).toBe('x_train,y_train')
    const loss = exportRunChart(s.store, par, 'loss', { ...opts, format: 'csv' }).data as string
    expect(loss.trim().split('\n')).toEqual(['epoch,loss,w', ...par.epochs.map((e) => `${e.epoch},${e.loss},${e.w}`)])
    const heat = exportRunChart(s.store, np, 'heatmap', { ...opts, format: 'csv' }).data as string
    expect(heat.split('\n')[0]).toBe('row,col,query_from,query_to,key_from,key_to,weight')
    expect(heat.trim().split('\n')).toHaveLength(1 + 50 * 50)
  })

  it('refuses a loss chart for a run that did not train', () => {
    expect(() => exportRunChart(s.store, np, 'loss', opts)).toThrow(/has no loss curve/)
  })
})

describe('nw-workbench export', () => {
  it('exports a selection in one command', async () => {
    const dir = tempDir()
    const r = await cli(dir, 'export', np.id, par.id.slice(0, 6), '--chart', 'fit', '--chart', 'loss', '--format', 'svg', '--out', 'figs', '--db', dbPath, '--json')
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toBe(`nw-workbench export: skipped the loss chart of ${np.id}: it did not train\n`)
    const files = JSON.parse(r.stdout).files as string[]
    expect(files.map((f) => f.split('/').pop())).toEqual([`${np.id}-fit.svg`, `${par.id}-fit-trained.svg`, `${par.id}-loss.svg`])
    for (const f of files) expect(parseSvg(readFileSync(f, 'utf8')).errors).toEqual([])
  })

  it.each([
    [['--format', 'svg', '--out', 'x'], /missing required flag --chart/],
    [['--chart', 'fitt', '--format', 'svg', '--out', 'x'], /--chart: unknown value "fitt"/],
    [['--chart', 'fit', '--format', 'pdf', '--out', 'x'], /--format: unknown value "pdf"/],
    [['--chart', 'fit', '--format', 'svg', '--out', '/proc/nw-nope'], /\/proc\/nw-nope: no such file or folder/],
    [['--chart', 'fit', '--format', 'svg', '--out', '/etc/hostname'], /\/etc\/hostname: is a file, not a folder/],
    [['--chart', 'fit', '--format', 'png', '--out', 'x', '--scale', '0'], /--scale must be >= 0.1/],
  ])('refuses bad flags and paths with one line: %j', async (flags, pattern) => {
    const r = await cli(tempDir(), 'export', np.id, ...flags, '--db', dbPath)
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(pattern)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
  })
})
