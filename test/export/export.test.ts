import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { inflateSync } from 'node:zlib'
import { DOMParser } from '@xmldom/xmldom'
import { unzipSync, strFromU8 } from 'fflate'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

// PDFs of heatmaps (2,500 cells each) take seconds, more on a loaded 2-core machine.
vi.setConfig({ testTimeout: 90_000 })
import type { RunDetail } from '../../src-shared/api/runs'
import { runFitOption } from '../../src-shared/charts/runCharts'
import { LIGHT_THEME } from '../../src-shared/charts/theme'
import { exportRunChart } from '../../src-main/export/runExports'
import { ssrInit } from '../../src-main/export/renderChart'
import { svgToPdfNode } from '../../src-main/export/pdfNode'
import { printSvg, renderSsr } from '../../src-shared/figures/printSvg'
import { makeStyle, PRESETS } from '../../src-shared/figures/style'
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

const screen = PRESETS.screen
const paper = makeStyle('single')
const opts = { format: 'svg' as const, style: screen }

function parseSvg(text: string) {
  const errors: string[] = []
  const doc = new DOMParser({ onError: (level: string, msg: string) => errors.push(`${level}: ${msg}`) }).parseFromString(text, 'image/svg+xml')
  return { doc, errors }
}

async function one(run: RunDetail, chart: 'fit' | 'heatmap' | 'loss' | 'kernel', o: Parameters<typeof exportRunChart>[3]) {
  const files = await exportRunChart(s.store, run, chart, o)
  expect(files).toHaveLength(1)
  return files[0]!
}

const pngSize = (png: Uint8Array) => {
  const b = Buffer.from(png)
  expect(b.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  return [b.readUInt32BE(16), b.readUInt32BE(20)]
}

/** The zoom slider's handle icon and a toolbox icon (save as image), as ECharts draws them. */
const SLIDER_HANDLE = 'M0 1.6L0 2M0 0L0 0.4'
const TOOLBOX_SAVE = 'M-6.5 -1.6L-0.1 4.3L6.5 -1.4'

function pdfContent(pdf: Uint8Array): string {
  const text = Buffer.from(pdf).toString('latin1')
  let out = ''
  for (const m of text.matchAll(/stream\r?\n/g)) {
    const start = m.index! + m[0].length
    const end = text.indexOf('endstream', start)
    try {
      out += inflateSync(Buffer.from(text.slice(start, end), 'latin1')).toString('latin1')
    } catch {
      // not a deflated stream (fonts are, content is; anything else is skipped)
    }
  }
  return out
}

const hasPdftotext = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})()

describe('chart export', () => {
  it('writes a 50-point fit as compact, valid SVG holding every series', async () => {
    const { data, name } = await one(np, 'fit', opts)
    expect(name).toBe(`${np.id}-fit.svg`)
    const svg = data as string
    expect(Buffer.byteLength(svg)).toBeLessThan(60_000)
    const { doc, errors } = parseSvg(svg)
    expect(errors).toEqual([])
    expect(doc.documentElement!.nodeName).toBe('svg')
    const texts = Array.from(doc.getElementsByTagName('text'), (t) => t.textContent)
    for (const label of ['Truth', 'Pred', 'Average pooling', 'Training points']) expect(texts).toContain(label)
    expect(doc.getElementsByTagName('path').length).toBeGreaterThan(50)
  })

  it('contains nothing of the app: no zoom slider, no toolbox, no hover styles', async () => {
    const option = { ...runFitOption(np, 'nonparametric', LIGHT_THEME), toolbox: { feature: { saveAsImage: {} } } }
    // The detectors work: drawn as on screen, the slider and toolbox are there.
    const chart = ssrInit(null, null, { renderer: 'svg', ssr: true, width: 640, height: 420 })
    chart.setOption(option)
    const onScreen = chart.renderToSVGString()
    chart.dispose()
    expect(onScreen).toContain(SLIDER_HANDLE)
    expect(onScreen).toContain(TOOLBOX_SAVE)
    expect(onScreen).toMatch(/:hover/)
    const printed = printSvg(renderSsr(ssrInit, option, { width: 640, height: 420 }), screen)
    const exported = (await one(np, 'fit', opts)).data as string
    for (const svg of [printed, exported]) {
      expect(svg).not.toContain(SLIDER_HANDLE)
      expect(svg).not.toContain(TOOLBOX_SAVE)
      expect(svg).not.toMatch(/:hover|<style|class="/)
    }
    // The PDF is drawn from the exported SVG: the slider's filler colour, rgb(135,175,255), is absent.
    const pdf = (await one(np, 'fit', { format: 'pdf', style: paper })).data as Uint8Array
    const withSlider = await svgToPdfNode(printSvg(onScreen, screen), screen)
    const filler = /0\.53 0\.69 1\. rg/
    expect(pdfContent(withSlider)).toMatch(filler)
    expect(pdfContent(pdf)).not.toMatch(filler)
  })

  it('sizes the SVG in physical units and the PNG to the exact pixels of its cm or inches at its DPI', async () => {
    const svg = (await one(np, 'fit', { format: 'svg', style: paper })).data as string
    expect(svg).toMatch(/^<svg width="8.5cm" height="6cm"/)
    const cases: [ReturnType<typeof makeStyle>, number, number][] = [
      [makeStyle('single'), 1004, 709],
      [makeStyle('double', { width: 17.5, height: 7, dpi: 600 }), 4134, 1654],
      [makeStyle('single', { width: 3.3, height: 2.5, unit: 'in', dpi: 150 }), 495, 375],
      [makeStyle('screen', { dpi: 144 }), 960, 630],
    ]
    for (const [style, w, h] of cases) {
      const png = (await one(par, 'fit', { format: 'png', style })).data as Uint8Array
      expect(pngSize(png), `${style.width}${style.unit} at ${style.dpi} dpi`).toEqual([w, h])
    }
  })

  it('renders every chart of a trained run as valid SVG, PNG and PDF', async () => {
    for (const chart of ['fit', 'heatmap', 'loss', 'kernel'] as const) {
      expect(parseSvg((await one(par, chart, opts)).data as string).errors, chart).toEqual([])
      expect(pngSize((await one(par, chart, { format: 'png', style: paper })).data as Uint8Array)).toEqual([1004, 709])
      const pdf = Buffer.from((await one(par, chart, { format: 'pdf', style: paper })).data as Uint8Array)
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    }
  })

  it.skipIf(!hasPdftotext)('writes PDFs whose text can be extracted: axis labels, ticks and legend', async () => {
    const dir = tempDir()
    for (const [chart, words] of [
      ['fit', ['Truth', 'Pred', 'Training points', 'x', 'y', '−1', '5']],
      ['heatmap', ['Sorted training inputs: rank (x)', 'Sorted testing inputs: rank (x)', '50']],
      ['kernel', ['K(u), peak scaled to 1', 'query − key', 'σ_eff']],
    ] as const) {
      const pdf = (await one(par, chart, { format: 'pdf', style: paper })).data as Uint8Array
      const path = join(dir, `${chart}.pdf`)
      writeFileSync(path, pdf)
      const text = execFileSync('pdftotext', [path, '-'], { encoding: 'utf8' })
      for (const w of words) expect(text, `${chart}: ${w}`).toContain(w)
    }
    const fonts = execFileSync('pdffonts', [join(dir, 'fit.pdf')], { encoding: 'utf8' })
    expect(fonts).toMatch(/DejaVu Sans\s+CID TrueType\s+Identity-H\s+yes/)
  })

  it('writes the same PDF bytes for the same run and style', async () => {
    const a = (await one(np, 'heatmap', { format: 'pdf', style: paper })).data as Uint8Array
    const b = (await one(np, 'heatmap', { format: 'pdf', style: paper })).data as Uint8Array
    expect(Buffer.compare(Buffer.from(a), Buffer.from(b))).toBe(0)
  })

  it('writes the data behind each chart as one tidy CSV (series,x,y, ...)', async () => {
    const fit = (await one(par, 'fit', { ...opts, format: 'csv' })).data as string
    const lines = fit.trim().split('\n')
    expect(lines[0]).toBe('series,x,y')
    expect(fit).not.toContain('\n\n')
    expect(lines.every((l) => l.split(',').length === 3)).toBe(true)
    const pred = lines.filter((l) => l.startsWith('Pred (trained w),'))
    expect(pred).toHaveLength(50)
    expect(Number(pred[0]!.split(',')[2])).toBe(par.arrays!.yHat![0])
    expect(lines.filter((l) => l.startsWith('Training points,'))).toHaveLength(50)
    const loss = (await one(par, 'loss', { ...opts, format: 'csv' })).data as string
    expect(loss.split('\n')[0]).toBe('series,x,y,y_axis')
    expect(loss).toContain(`loss,1,${par.epochs[0]!.loss},loss`)
    const heat = (await one(np, 'heatmap', { ...opts, format: 'csv' })).data as string
    expect(heat.split('\n')[0]).toBe('series,x,y,weight,row,col,key_from,key_to,query_from,query_to')
    expect(heat.trim().split('\n')).toHaveLength(1 + 50 * 50)
  })

  it('refuses a loss chart for a run that did not train', async () => {
    await expect(exportRunChart(s.store, np, 'loss', opts)).rejects.toThrow(/has no loss curve/)
  })
})

const hasMatplotlib = (() => {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import matplotlib, numpy'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})()

describe('the figure as a Python script', () => {
  it.skipIf(!hasMatplotlib)('runs with matplotlib and numpy only and writes a PNG (skipped without python3-matplotlib)', async () => {
    const dir = tempDir()
    for (const chart of ['fit', 'heatmap', 'loss'] as const) {
      const files = await exportRunChart(s.store, par, chart, { format: 'py', style: paper })
      for (const f of files) {
        mkdirSync(join(dir, f.name, '..'), { recursive: true })
        writeFileSync(join(dir, f.name), f.data)
      }
      const script = files[0]!.name
      expect(script).toMatch(/\.py$/)
      expect(readFileSync(join(dir, script), 'utf8')).not.toMatch(/^import (pandas|seaborn)/m)
      const out = join(dir, `${chart}.png`)
      execFileSync('/usr/bin/python3', [join(dir, script), out], { stdio: 'pipe' })
      expect(statSync(out).size).toBeGreaterThan(5000)
    }
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

  it('writes a paper PDF at a column width', async () => {
    const dir = tempDir()
    const r = await cli(dir, 'export', np.id, '--chart', 'fit', '--format', 'pdf', '--style', 'paper', '--column', 'double', '--font', 'serif', '--out', '.', '--db', dbPath)
    expect(r.code, r.stderr).toBe(0)
    const pdf = readFileSync(join(dir, `${np.id}-fit.pdf`), 'latin1')
    // 17.5 cm is 496.06 pt.
    expect(pdf).toMatch(/MediaBox \[0 0 496\.06/)
    expect(pdf).toMatch(/BaseFont \/DejaVu(#20)?Serif/)
  })

  it.each([
    [['--format', 'svg', '--out', 'x'], /missing required flag --chart/],
    [['--chart', 'fitt', '--format', 'svg', '--out', 'x'], /--chart: unknown value "fitt"/],
    [['--chart', 'fit', '--format', 'gif', '--out', 'x'], /--format: unknown value "gif"/],
    [['--chart', 'fit', '--format', 'svg', '--out', '/proc/nw-nope'], /\/proc\/nw-nope: no such file or folder/],
    [['--chart', 'fit', '--format', 'svg', '--out', '/etc/hostname'], /\/etc\/hostname: is a file, not a folder/],
    [['--chart', 'fit', '--format', 'png', '--out', 'x', '--scale', '0'], /--scale must be >= 0.1/],
    [['--chart', 'fit', '--format', 'png', '--out', 'x', '--width', '8.5mm'], /--width: "8.5mm" is not a size/],
    [['--chart', 'fit', '--format', 'png', '--out', 'x', '--style', 'paper', '--dpi', '20000'], /--dpi must be <= 2400/],
  ])('refuses bad flags and paths with one line: %j', async (flags, pattern) => {
    const r = await cli(tempDir(), 'export', np.id, ...flags, '--db', dbPath)
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(pattern)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
  })
})

describe('nw-workbench figures', () => {
  it('reproduces and writes every chapter figure, and stores its runs', async () => {
    const dir = tempDir()
    const db = join(dir, 'figs.db')
    const r = await cli(dir, 'figures', '--out', 'chapter', '--format', 'svg', '--db', db, '--json')
    expect(r.code, r.stderr).toBe(0)
    const out = JSON.parse(r.stdout) as { runs: { slot: string; id: string }[]; files: string[] }
    expect(readdirSync(join(dir, 'chapter')).sort()).toEqual(['fig1', 'fig2', 'fig3', 'fig4', 'fig5', 'fig6', 'fig7', 'fig8', 'fig9'].map((f) => `${f}.svg`))
    expect(out.runs).toHaveLength(11)
    const panels = (f: string) => (readFileSync(join(dir, 'chapter', `${f}.svg`), 'utf8').match(/clip-path=/g) ?? []).length
    expect(panels('fig7')).toBeGreaterThanOrEqual(4)
    const svc = createServices({ databasePath: db, transport: 'cli', experimentWorkers: 1 })
    try {
      const stored = svc.store.list({ offset: 0, limit: 100, sort: { by: 'createdAt', dir: 'desc' }, filter: { tags: ['chapter-figures'] } })
      expect(stored.total).toBe(11)
      expect(stored.runs.every((x) => x.status === 'done')).toBe(true)
    } finally {
      await svc.close()
    }
  })

  it('writes the middle edition with figure 5 per batch, and multi-panel CSV as one file per panel in a zip', async () => {
    const dir = tempDir()
    const db = join(dir, 'figs.db')
    const r = await cli(dir, 'figures', '--out', '.', '--format', 'csv', '--edition', 'middle', '--only', 'fig5', '--only', 'fig9', '--db', db)
    expect(r.code, r.stderr).toBe(0)
    const loss = readFileSync(join(dir, 'fig5.csv'), 'utf8').trim().split('\n')
    expect(loss[0]).toBe('series,x,y')
    // 50 points in batches of 10: 5 batches an epoch, 5 epochs.
    expect(loss.slice(1).map((l) => l.split(',')[1])).toEqual(Array.from({ length: 25 }, (_, i) => String((i + 1) / 5)))
    const zip = unzipSync(readFileSync(join(dir, 'fig9-csv.zip')))
    expect(Object.keys(zip)).toHaveLength(8)
    for (const [, bytes] of Object.entries(zip)) expect(strFromU8(bytes).split('\n')[0]).toMatch(/^series,x,y/)
  })

  it('refuses an unknown edition with one line', async () => {
    const r = await cli(tempDir(), 'figures', '--out', 'x', '--edition', 'latest')
    expect(r.code).toBe(2)
    expect(r.stderr.trim()).toMatch(/--edition: unknown value "latest" \(choose one of: oldest, middle, newest\)$/)
  })
})

