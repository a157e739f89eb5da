import type { EChartsOption } from 'echarts'
import { color } from 'echarts/core'
import type { HeatmapView } from './protocol'

/**
 * The heatmap's cells as one image. ECharts draws a cartesian heatmap as one
 * shape per cell, each with its own hover states: 6,400 cells cost it about a
 * hundred milliseconds per redraw, most of a live frame's budget. Here the
 * cells are pixels of a small image scaled up without smoothing and laid
 * over the grid of the shared heatmap option, whose axes and colour bar stay
 * as they are; the colours are the visual map's, interpolated the same way.
 */

export interface ChartSize {
  width: number
  height: number
}

/** rows x cols pixels, one per cell, coloured along `ramp` from 0 to `max`. */
function cellPixels(h: HeatmapView, ramp: string[], max: number): HTMLCanvasElement {
  const small = document.createElement('canvas')
  small.width = Math.max(1, h.cols)
  small.height = Math.max(1, h.rows)
  const ctx = small.getContext('2d')!
  const image = ctx.createImageData(small.width, small.height)
  const stops = ramp.map((c) => color.parse(c))
  const rgba: number[] = []
  for (let r = 0; r < h.rows; r++) {
    for (let c = 0; c < h.cols; c++) {
      const v = h.values[r * h.cols + c]!
      color.fastLerp(max > 0 ? Math.min(1, Math.max(0, v / max)) : 0, stops, rgba)
      const at = (r * h.cols + c) * 4
      image.data[at] = rgba[0]!
      image.data[at + 1] = rgba[1]!
      image.data[at + 2] = rgba[2]!
      image.data[at + 3] = Math.round(255 * (rgba[3] ?? 1))
    }
  }
  ctx.putImageData(image, 0, 0)
  return small
}

/** The cells drawn at a box's size (device pixels), for drawing 1:1 over that box. */
export function cellImage(h: HeatmapView, ramp: string[], max: number, box: { width: number; height: number }): HTMLCanvasElement {
  const ratio = typeof window !== 'undefined' ? window.devicePixelRatio || 1 : 1
  const canvas = document.createElement('canvas')
  canvas.width = Math.max(1, Math.round(box.width * ratio))
  canvas.height = Math.max(1, Math.round(box.height * ratio))
  const ctx = canvas.getContext('2d')!
  // Cells are cells: scaled up by whole blocks, never blurred into each other.
  ctx.imageSmoothingEnabled = false
  ctx.drawImage(cellPixels(h, ramp, max), 0, 0, canvas.width, canvas.height)
  return canvas
}

type Box = { left?: unknown; top?: unknown; right?: unknown; bottom?: unknown; width?: unknown; height?: unknown }
const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v])
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)

/** The pixel box of a grid at this chart size, when its option gives it in pixels. */
export function gridBox(g: Box, size: ChartSize): { left: number; top: number; width: number; height: number } | null {
  const left = num(g.left)
  const top = num(g.top)
  if (left === null || top === null) return null
  const width = num(g.width) ?? (num(g.right) === null ? null : size.width - left - num(g.right)!)
  const height = num(g.height) ?? (num(g.bottom) === null ? null : size.height - top - num(g.bottom)!)
  return width === null || height === null ? null : { left, top, width: Math.max(1, width), height: Math.max(1, height) }
}

/**
 * Replaces the heatmap series' cells in `option` (from heatmapChartOption)
 * with an image of them sized to its grid at this chart size. An option
 * whose grid is not in pixels is left to draw its cells itself.
 */
export function withHeatmapImage(option: EChartsOption, h: HeatmapView, ramp: string[], max: number, size: ChartSize): EChartsOption {
  const series = list(option.series as ({ type?: string; xAxisIndex?: number; data?: unknown[] } | undefined)[]).filter((x) => !!x)
  const heat = series.find((x) => x!.type === 'heatmap')
  if (!heat) return option
  const axis = list(option.xAxis as Box & { gridIndex?: number })[heat.xAxisIndex ?? 0]
  const grid = list(option.grid as Box)[axis?.gridIndex ?? 0]
  const box = grid ? gridBox(grid, size) : null
  if (!box) return option
  const canvas = cellImage(h, ramp, max, box)
  heat.data = []
  const image = { type: 'image', left: box.left, top: box.top, silent: true, z: 0, style: { image: canvas, width: box.width, height: box.height } }
  return { ...option, graphic: [...list(option.graphic as object[]), image] } as EChartsOption
}
