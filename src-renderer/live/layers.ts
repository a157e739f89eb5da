import { graphic } from 'echarts/core'

/**
 * What a live chart draws over (or under) its ECharts frame: zrender
 * elements on layers of their own (zlevels other than ECharts's 0), so that
 * while sigma is dragged only they are redrawn. The frame itself (axes,
 * ticks, legend, training points) stays as it is: handing ECharts a new
 * option, even a small patch, makes it lay out every axis and repaint its
 * whole canvas, tens of milliseconds a frame. The elements are drawn by the
 * same renderer as ECharts's own (same dashes, joins, text), at the pixel
 * positions ECharts's axes give.
 */

export type LayerElement = InstanceType<typeof graphic.Rect> | InstanceType<typeof graphic.Text> | InstanceType<typeof graphic.Image> | InstanceType<typeof graphic.Circle> | PathElement

/** The chart as the layers see it: its size, and where data values land in its first grid. */
export interface LayerView {
  width: number
  height: number
  /** Pixel of an x value on the first x axis, of a y value on the first y axis (linear axes). */
  x(v: number): number
  y(v: number): number
  /** The first grid's plot area in pixels. */
  grid: { x: number; y: number; width: number; height: number }
  /** Whether the legend shows a series (the reader may have switched it off). */
  shown(name: string): boolean
  /** The top of the frame's legend row, in pixels, where it has one. */
  legendTop: number | null
}

export type LiveLayers = (view: LayerView) => LayerElement[]

/** Above the frame (curves), and below it (the heatmap's cells under its transparent canvas). */
export const OVER = 1
export const UNDER = -1

interface LinePathShape {
  xs: ArrayLike<number>
  ys: ArrayLike<number>
  step: boolean
}

/** A polyline with gaps where y is NaN (ECharts's connectNulls: false); `step` draws steps at midpoints (ECharts's step: 'middle'). */
const LinePath = graphic.extendShape({
  shape: { xs: [] as ArrayLike<number>, ys: [] as ArrayLike<number>, step: false } as LinePathShape,
  buildPath(ctx, shape: LinePathShape) {
    const { xs, ys, step } = shape
    let open = false
    let px = 0
    let py = 0
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i]!
      const y = ys[i]!
      if (!Number.isFinite(y) || !Number.isFinite(x)) {
        open = false
        continue
      }
      if (!open) ctx.moveTo(x, y)
      else if (step) {
        const mid = (px + x) / 2
        ctx.lineTo(mid, py)
        ctx.lineTo(mid, y)
        ctx.lineTo(x, y)
      } else ctx.lineTo(x, y)
      open = true
      px = x
      py = y
    }
  },
})
type PathElement = InstanceType<typeof LinePath>

export interface LineStyle {
  color: string
  width: number
  dash?: 'solid' | 'dashed' | 'dotted'
  /** Fill down to this pixel row (an area), with this opacity. */
  area?: { baseline: number; opacity: number }
  step?: boolean
}

/** Pixel positions of a series of data points; NaN stays NaN (a gap). */
export function toPixels(view: LayerView, xs: ArrayLike<number>, ys: ArrayLike<number | null>, yPixel: (v: number) => number = view.y): { xs: Float64Array; ys: Float64Array } {
  const px = new Float64Array(xs.length)
  const py = new Float64Array(xs.length)
  for (let i = 0; i < xs.length; i++) {
    const y = ys[i]
    px[i] = view.x(xs[i]!)
    py[i] = y === null || y === undefined || Number.isNaN(y) ? NaN : yPixel(y)
  }
  return { xs: px, ys: py }
}

/** The grid, widened by half a line on every side as ECharts clips a line series, so a peak at the edge keeps its full width. */
function clipToGrid(view: LayerView, lineWidth: number): InstanceType<typeof graphic.Rect> {
  const g = view.grid
  const x = Math.floor(g.x - lineWidth / 2)
  return new graphic.Rect({ shape: { x, y: g.y - lineWidth / 2, width: Math.round(g.width + lineWidth), height: g.height + lineWidth } })
}

/** A data line as ECharts's line series draws it (bevel joins, its dashes), clipped to the grid. */
export function lineElement(view: LayerView, points: { xs: ArrayLike<number>; ys: ArrayLike<number> }, style: LineStyle, z: number, zlevel = OVER): LayerElement[] {
  const out: LayerElement[] = []
  if (style.area) {
    const area = new LinePath({ shape: { xs: points.xs, ys: points.ys, step: false }, silent: true, zlevel, z: z - 0.1 })
    // An area: the line closed down to the baseline, filled.
    const base = style.area.baseline
    area.buildPath = (ctx, shape: LinePathShape) => {
      let first = -1
      let last = -1
      for (let i = 0; i < shape.xs.length; i++) {
        if (!Number.isFinite(shape.ys[i]!)) continue
        if (first < 0) {
          first = i
          ctx.moveTo(shape.xs[i]!, base)
        }
        ctx.lineTo(shape.xs[i]!, shape.ys[i]!)
        last = i
      }
      if (last >= 0) {
        ctx.lineTo(shape.xs[last]!, base)
        ctx.closePath()
      }
    }
    area.useStyle({ fill: style.color, opacity: style.area.opacity, stroke: 'none' })
    area.setClipPath(clipToGrid(view, 0))
    out.push(area)
  }
  const line = new LinePath({ shape: { xs: points.xs, ys: points.ys, step: style.step === true }, silent: true, zlevel, z })
  line.useStyle({ stroke: style.color, lineWidth: style.width, fill: 'none', lineJoin: 'bevel', lineDash: style.dash ?? 'solid' })
  line.setClipPath(clipToGrid(view, style.width))
  out.push(line)
  return out
}

/** Round markers (scatter symbols) at data points, each with its size (diameter, px) and opacity. */
export function markerElements(view: LayerView, xs: ArrayLike<number>, ys: ArrayLike<number>, color: string, size: (i: number) => number, opacity: (i: number) => number, z: number): LayerElement[] {
  const out: LayerElement[] = []
  for (let i = 0; i < xs.length; i++) {
    const c = new graphic.Circle({ shape: { cx: view.x(xs[i]!), cy: view.y(ys[i]!), r: size(i) / 2 }, silent: true, zlevel: OVER, z })
    c.useStyle({ fill: color, opacity: opacity(i) })
    out.push(c)
  }
  return out
}
