import type { ChartTheme } from '../../src-shared/charts/theme'
import { figureHeight } from '../../src-shared/figures/chapter'
import { exportTheme } from '../../src-shared/figures/draw'
import { exportFigure, oneFile, type FigureFormat } from '../../src-shared/figures/exportFigure'
import type { ColorScale, Figure } from '../../src-shared/figures/model'
import { makeStyle, type FigureStyle, type SizeUnit, type StylePreset } from '../../src-shared/figures/style'
import { zipFiles, type ExportFile } from '../../src-shared/figures/tidyCsv'
import { BROWSER_PLATFORM } from './browserPlatform'
import { saveFile } from './save'

/** What the export dialog asks: the format and the paper style. */
export interface ExportSettings {
  format: FigureFormat
  preset: StylePreset
  /** Empty: the preset's width; height empty: the figure's own shape. */
  width: number | null
  height: number | null
  unit: SizeUnit
  dpi: number
  fontFamily: FigureStyle['fontFamily']
  fontSize: number | null
  lineWidth: number | null
  colorScale: ColorScale
  theme: 'light' | 'dark'
}

export type FigureBuilder = (theme: ChartTheme, colorScale: ColorScale) => Figure

const MIME: Record<string, string> = { svg: 'image/svg+xml', png: 'image/png', pdf: 'application/pdf', csv: 'text/csv', zip: 'application/zip', py: 'text/x-python' }

/** The style for one figure: the preset, the overrides, and a height from the figure's shape unless given. */
export function styleOf(s: ExportSettings, fig: Figure | null): FigureStyle {
  const base = makeStyle(s.preset)
  const unit = s.width !== null ? s.unit : base.unit
  const width = s.width ?? base.width
  const height = s.height ?? (fig && s.preset !== 'screen' ? figureHeight(fig, width) : base.height)
  return makeStyle(s.preset, {
    width,
    height,
    unit,
    dpi: s.dpi,
    fontFamily: s.fontFamily,
    theme: s.theme,
    ...(s.fontSize ? { fontSize: s.fontSize } : {}),
    ...(s.lineWidth ? { lineWidth: s.lineWidth } : {}),
  })
}

/** The files of one figure in the chosen format, by the code the command line runs. */
export async function figureFiles(build: FigureBuilder, s: ExportSettings): Promise<ExportFile[]> {
  const probe = makeStyle(s.preset, { theme: s.theme })
  const fig = build(exportTheme(probe), s.colorScale)
  const style = styleOf(s, fig)
  return exportFigure(BROWSER_PLATFORM, fig, style, s.format)
}

async function save(file: ExportFile): Promise<{ ok: boolean; message: string }> {
  const ext = file.name.split('.').pop() ?? ''
  return saveFile({ defaultName: file.name, data: file.data, mime: MIME[ext] ?? 'application/octet-stream', filters: [{ name: ext.toUpperCase(), extensions: [ext] }] })
}

/** Exports one figure: a single file, or a zip (a multi-panel CSV, a Python script and its data). */
export async function exportOne(build: FigureBuilder, s: ExportSettings, baseName: string): Promise<{ ok: boolean; message: string }> {
  const files = await figureFiles(build, s)
  return save(oneFile(files, `${baseName}-${s.format === 'py' ? 'python' : s.format}.zip`))
}

/** Exports several figures, one file each (or each's files), in one zip. */
export async function exportMany(builds: { name: string; build: FigureBuilder }[], s: ExportSettings, zipName: string): Promise<{ ok: boolean; message: string }> {
  const all: ExportFile[] = []
  for (const b of builds) for (const f of await figureFiles(b.build, s)) all.push(f)
  return save({ name: zipName, data: zipFiles(all) })
}
