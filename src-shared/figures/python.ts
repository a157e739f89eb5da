import { axisTicks, heatScales, legendNames, type PanelTicks } from './figureOption'
import type { Dash, Figure, Panel } from './model'
import { panelCsv, panelFileName, type ExportFile } from './tidyCsv'
import { layoutSize, type FigureStyle } from './style'

/**
 * A figure as a small Python script plus its data, for researchers who
 * finish figures in matplotlib: the script reads the tidy CSVs beside it
 * (with the csv module and numpy only) and draws the same panels, series,
 * colours, axis ranges, colour map and colour bars, at the style's size.
 * `python3 fig.py [out.png|out.pdf|out.svg]` writes the figure.
 */

const py = (s: string) => JSON.stringify(s)
const num = (v: number) => (Number.isFinite(v) ? String(Number(v.toPrecision(12))) : 'float("nan")')
const DASH: Record<Dash, string> = { solid: '-', dashed: '--', dotted: ':' }

function axisRange(t: PanelTicks['x'], a: { min: number; max: number }): [number, number] {
  return t ? [t.min, t.max] : [a.min, a.max]
}

function panelCode(p: Panel, k: number, fig: Figure, style: FigureStyle, file: string, vmax: number | undefined, ownBar: boolean): string[] {
  const ax = `axes[${k}]`
  const out = [`# Panel ${k + 1}${p.title ? `: ${p.title}` : ''}`, `ax = ${ax}`]
  if (p.title) out.push(`ax.set_title(${py(p.title)})`)
  if (p.kind === 'text') {
    out.push('ax.axis("off")')
    p.lines.forEach((line, i) => out.push(`ax.text(0.02, ${num(0.92 - i * 0.14)}, ${py(line)}, transform=ax.transAxes, va="top")`))
    return out
  }
  out.push(`rows = read(${py(file)})`)
  if (p.kind === 'heatmap') {
    out.push(
      `W = np.zeros((${p.heatmap.rows}, ${p.heatmap.cols}))`,
      'for r in rows:',
      '    W[int(r["row"]), int(r["col"])] = float(r["weight"])',
      `im = ax.imshow(W, cmap="Reds", vmin=0, vmax=${num(vmax ?? 1)}, aspect="auto", interpolation="nearest")`,
      `ax.set_xlabel(${py(fig.columns > 2 ? 'training: rank (x)' : p.xLabel)})`,
      `ax.set_ylabel(${py(fig.columns > 2 ? (k % fig.columns === 0 ? 'testing: rank (x)' : '') : p.yLabel)})`,
      '# Cells sit at ranks of the sorted inputs: label a few ranks with their input values.',
      'rank_ticks(ax, rows)',
    )
    if (ownBar) out.push('fig.colorbar(im, ax=ax)')
    else out.push('heat_images.append((ax, im))')
    return out
  }
  const t: PanelTicks = { x: axisTicks(p.x), y: axisTicks(p.y), y2: p.y2 ? axisTicks(p.y2) : null }
  if (p.series.some((s) => s.type === 'line' && s.yAxis === 1)) out.push('ax2 = ax.twinx()')
  for (const s of p.series) {
    const target = s.type === 'line' && s.yAxis === 1 ? 'ax2' : 'ax'
    const label = s.legend === false ? '_nolegend_' : s.name
    if (s.type === 'cells') {
      out.push(
        `cells = [r for r in rows if r["series"] == ${py(s.name)}]`,
        `ax.add_collection(PatchCollection([Rectangle((float(r["x"]) - float(r["dx"]), float(r["y"]) - float(r["dy"])), 2 * float(r["dx"]), 2 * float(r["dy"])) for r in cells], facecolors=[r["fill"] for r in cells], edgecolors="none", zorder=1))`,
      )
      continue
    }
    out.push(`x, y = series(rows, ${py(s.name)})`)
    if (s.type === 'scatter') {
      const d = (s.size ?? 0.5) * style.fontSize
      out.push(`${target}.scatter(x, y, s=${num(d * d)}, color=${py(s.color)}, alpha=${num(s.opacity ?? 0.5)}, linewidths=0, zorder=2, label=${py(label)})`)
    } else {
      const fn = s.step ? 'step' : 'plot'
      const extra = s.step ? ', where="mid"' : ''
      const marker = s.markers ? ', marker="o", markersize=3' : ''
      out.push(`${target}.${fn}(x, y${extra}, color=${py(s.color)}, linestyle=${py(DASH[s.dash ?? 'solid'])}, linewidth=${num((s.width ?? 1) * style.lineWidth)}${marker}, zorder=3, label=${py(label)})`)
    }
  }
  const [x0, x1] = axisRange(t.x, p.x)
  const [y0, y1] = axisRange(t.y, p.y)
  out.push(`ax.set_xlim(${num(x0)}, ${num(x1)})`, `ax.set_xlabel(${py(p.x.label)})`, `ax.set_ylabel(${py(fig.shareY && k % fig.columns > 0 ? '' : p.y.label)})`)
  if (p.x.log) out.push('ax.set_xscale("log")')
  if (p.y.log) out.push('ax.set_yscale("log")')
  else out.push(`ax.set_ylim(${num(y0)}, ${num(y1)})`)
  if (p.y2) {
    const [a, b] = axisRange(t.y2, p.y2)
    out.push(`ax2.set_ylim(${num(a)}, ${num(b)})`, `ax2.set_ylabel(${py(p.y2.label)})`)
  }
  return out
}

/** The script and its data files: DATA_DIR/*.csv beside NAME.py. */
export function figurePython(fig: Figure, style: FigureStyle): ExportFile[] {
  const dir = `${fig.name}_data`
  const files: ExportFile[] = fig.panels.map((p, k) => ({ name: `${dir}/${panelFileName(fig, k)}`, data: panelCsv(p) }))
  const size = layoutSize(style)
  const rows = Math.ceil(fig.panels.length / fig.columns)
  const scales = heatScales(fig)
  const shared = fig.colorScale === 'shared'
  const legend = legendNames(fig)
  const body: string[] = []
  fig.panels.forEach((p, k) => {
    for (const line of panelCode(p, k, fig, style, `${dir}/${panelFileName(fig, k)}`, p.kind === 'heatmap' ? scales.get(p) : undefined, !shared)) body.push(line)
    body.push('')
  })
  for (let k = fig.panels.length; k < rows * fig.columns; k++) body.push(`axes[${k}].axis("off")`)
  const script = [
    '#!/usr/bin/env python3',
    `"""${(fig.title ?? fig.name).replace(/"/g, "'")}: redrawn with matplotlib from the data in ${dir}/.`,
    '',
    'Written by nw-workbench. Usage: python3 ' + `${fig.name}.py [output file, default ${fig.name}.png]`,
    'Needs matplotlib and numpy only. Edit freely: every number drawn is in the CSV files.',
    '"""',
    'import csv',
    'import os',
    'import sys',
    '',
    'import matplotlib',
    '',
    'matplotlib.use("Agg")',
    'import matplotlib.pyplot as plt  # noqa: E402',
    'import numpy as np  # noqa: E402',
    'from matplotlib.collections import PatchCollection  # noqa: E402',
    'from matplotlib.patches import Rectangle  # noqa: E402',
    '',
    'HERE = os.path.dirname(os.path.abspath(__file__))',
    '',
    '',
    'def read(name):',
    '    with open(os.path.join(HERE, name), newline="") as f:',
    '        return list(csv.DictReader(f))',
    '',
    '',
    'def series(rows, name):',
    '    """x and y of one series; an empty y is a gap (no estimate there)."""',
    '    picked = [r for r in rows if r["series"] == name]',
    '    x = np.array([float(r["x"]) for r in picked])',
    '    y = np.array([float(r["y"]) if r["y"] != "" else np.nan for r in picked])',
    '    return x, y',
    '',
    '',
    'def rank_ticks(ax, rows):',
    '    """A few ranks of the sorted inputs on each axis, with the input value at each."""',
    '    cols = {int(r["col"]): (int(float(r["x"])), float(r["key_from"])) for r in rows}',
    '    rws = {int(r["row"]): (int(float(r["y"])), float(r["query_from"])) for r in rows}',
    '    for keys, setter, count in ((cols, ax.set_xticks, 2), (rws, ax.set_yticks, 4)):',
    '        idx = sorted(keys)',
    '        step = max(1, len(idx) // count)',
    '        picked = idx[::step]',
    '        setter(picked, [f"{keys[i][0]}\\n({keys[i][1]:.3g})" for i in picked])',
    '',
    '',
    `plt.rcParams.update({"font.size": ${num(style.fontSize)}, "font.family": "sans-serif", "axes.spines.top": False, "axes.spines.right": False})`,
    `fig, axes = plt.subplots(${rows}, ${fig.columns}, figsize=(${num(size.width / 96)}, ${num(size.height / 96)}), squeeze=False)`,
    'axes = axes.ravel()',
    'heat_images = []',
    '',
    ...body,
    ...(shared && fig.panels.some((p) => p.kind === 'heatmap')
      ? ['# One colour scale for every heatmap, and one colour bar.', 'if heat_images:', '    fig.colorbar(heat_images[-1][1], ax=[a for a, _ in heat_images])', '']
      : []),
    ...(legend.length > (fig.legend ? 0 : 1)
      ? ['handles, labels = [], []', 'for a in fig.axes:', '    for h, lab in zip(*a.get_legend_handles_labels()):', '        if lab not in labels:', '            handles.append(h)', '            labels.append(lab)', `fig.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, ${fig.title ? '0.95' : '1.0'}), ncol=${Math.min(legend.length, 6)}, frameon=False)`]
      : []),
    ...(fig.title ? [`fig.suptitle(${py(fig.title)}, y=0.995)`] : []),
    `fig.tight_layout(rect=(0, 0, 1, ${(fig.title ? 0.95 : 1) - (legend.length > (fig.legend ? 0 : 1) ? 0.05 : 0)}))`,
    `out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, ${py(`${fig.name}.png`)})`,
    `fig.savefig(out, dpi=${num(style.dpi)})`,
    'print(out)',
    '',
  ].join('\n')
  return [{ name: `${fig.name}.py`, data: script }, ...files]
}
