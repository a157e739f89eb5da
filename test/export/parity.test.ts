// @vitest-environment happy-dom
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Resvg as NativeResvg } from '@resvg/resvg-js'
import { initWasm, Resvg as WasmResvg } from '@resvg/resvg-wasm'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

// Figures are drawn and rasterised for real: allow for a loaded 2-core machine.
vi.setConfig({ testTimeout: 60_000 })
// No server: the real API client would open an event socket that closes after the environment is gone.
vi.mock('../../src-renderer/api', () => ({ api: {}, connection: {} }))
import type { RunDetail } from '../../src-shared/api/runs'
import { runFigure } from '../../src-shared/charts/runCharts'
import { exportTheme } from '../../src-shared/figures/draw'
import { pixelSvg } from '../../src-shared/figures/printSvg'
import { makeStyle } from '../../src-shared/figures/style'
import { exportRunChart } from '../../src-main/export/runExports'
import { fontFile, RESVG_FONTS } from '../../src-main/export/renderChart'
import { createServices, type Services } from '../../src-main/services'
import { figureFiles, type ExportSettings } from '../../src-renderer/export/figureExport'
import { tempDir } from '../cli/runCli'

let s: Services
let run: RunDetail
beforeAll(async () => {
  s = createServices({ databasePath: join(tempDir(), 'parity.db'), transport: 'cli', experimentWorkers: 1 })
  const r = await s.runner.create({ data: { preset: 'd2l-middle', seed: 1 }, kernel: 'gaussian', sigma: 1, mode: 'parametric', tags: [], notes: '' })
  await s.runner.waitFor(r.id)
  run = s.store.detail(r.id, 'full')
})
afterAll(() => s.close())

const settings: ExportSettings = { format: 'svg', preset: 'single', width: 8.5, height: 6, unit: 'cm', dpi: 300, fontFamily: 'DejaVu Serif', fontSize: 7.5, lineWidth: 1.2, colorScale: 'panel', theme: 'light' }

describe('the app and the command line export the same figure', () => {
  it("writes the same SVG from the renderer's export code as from nw-workbench export", async () => {
    for (const chart of ['fit', 'loss', 'kernel'] as const) {
      const style = makeStyle('single', { fontFamily: 'DejaVu Serif', fontSize: 7.5, lineWidth: 1.2 })
      const cli = (await exportRunChart(s.store, run, chart, { format: 'svg', style }))[0]!.data as string
      const fig = (t: Parameters<typeof runFigure>[2]) => ({ ...runFigure(run, chart, t, {}), name: 'x' })
      const app = (await figureFiles((t) => fig(t), settings))[0]!.data as string
      expect(app, chart).toBe(cli)
      expect(exportTheme(style).background).toBe('#ffffff')
    }
  })

  it('rasterises with the same pixels in the browser (resvg-wasm) as in Node (resvg-js)', async () => {
    await initWasm(readFileSync(require.resolve('@resvg/resvg-wasm/index_bg.wasm')))
    const style = makeStyle('single', { dpi: 150 })
    const svg = pixelSvg((await exportRunChart(s.store, run, 'fit', { format: 'svg', style }))[0]!.data as string, style)
    const fonts = [new Uint8Array(fontFile('DejaVu Sans')), new Uint8Array(fontFile('DejaVu Serif'))]
    const wasm = new WasmResvg(svg, { font: { ...RESVG_FONTS, fontBuffers: fonts } }).render()
    // Native: the same font files, read by path.
    const nativePng = new NativeResvg(svg, { font: { ...RESVG_FONTS, fontFiles: [require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'), require.resolve('dejavu-fonts-ttf/ttf/DejaVuSerif.ttf')] } }).render()
    expect([wasm.width, wasm.height]).toEqual([nativePng.width, nativePng.height])
    expect(Buffer.compare(Buffer.from(wasm.pixels), Buffer.from(nativePng.pixels))).toBe(0)
  })
})
