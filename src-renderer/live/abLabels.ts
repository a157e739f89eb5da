import { formatShort } from '../../src-shared/charts/theme'
import { kernelLabel } from './liveCharts'
import type { LiveTarget } from './liveTarget'
import type { LiveFrame } from './protocol'

/**
 * What the A/B headings say of each side: its kernel and sigma, its test MSE
 * (the one number a comparison is usually after, which the metric chips
 * show for B alone), and, when A was pinned on other data, that it was, so
 * that two fits on different data are not read as one data set's.
 */
export function abLabels(a: { frame: LiveFrame; target: LiveTarget }, b: { frame: LiveFrame; target: LiveTarget | null }): { a: string; b: string; otherData: boolean } {
  const otherData = b.target !== null && a.target.dataKey !== b.target.dataKey
  const mse = (f: LiveFrame) => (f.testMse === null ? '' : `, test MSE ${formatShort(f.testMse)}`)
  const data = (t: LiveTarget, f: LiveFrame) => (otherData ? ` on ${t.dataLabel || 'its data'} (n = ${f.n.toLocaleString('en')})` : '')
  return {
    a: `${kernelLabel(a.frame.kernel, a.frame.sigma)}${mse(a.frame)}${data(a.target, a.frame)}`,
    b: `${kernelLabel(b.frame.kernel, b.frame.sigma)}${mse(b.frame)}${b.target ? data(b.target, b.frame) : ''}`,
    otherData,
  }
}
