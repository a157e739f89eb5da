import type { NumbersComparison } from './protocol'

/**
 * Holds a saved run's numbers against the page's own for the same data,
 * kernel and sigma. They are the same computation; they agree bit for bit
 * when the page's JavaScript engine is the one that computed the run (the
 * desktop app: Electron's Node and its renderer share one V8). A browser with
 * a different V8 rounds Math.exp, log, sin and cos differently in the last
 * bit, and the comparison says by how much.
 */
export function compareNumbers(
  run: { xTrain: Float64Array; yTrain: Float64Array; yHat: Float64Array },
  page: { xTrain: Float64Array; yTrain: Float64Array; yHat: Float64Array },
): NumbersComparison {
  let dataDiffering = Math.abs(run.xTrain.length - page.xTrain.length)
  const n = Math.min(run.xTrain.length, page.xTrain.length)
  for (let i = 0; i < n; i++) {
    if (!Object.is(run.xTrain[i]! + 0, page.xTrain[i]! + 0) || !Object.is(run.yTrain[i]! + 0, page.yTrain[i]! + 0)) dataDiffering++
  }
  let fitDiffering = Math.abs(run.yHat.length - page.yHat.length)
  let maxAbs = 0
  let maxRel = 0
  const m = Math.min(run.yHat.length, page.yHat.length)
  for (let i = 0; i < m; i++) {
    const a = run.yHat[i]!
    const b = page.yHat[i]!
    if (Object.is(a + 0, b + 0)) continue
    fitDiffering++
    const gap = Math.abs(a - b)
    // One undefined and the other not: infinitely far apart.
    const d = Number.isNaN(gap) ? Infinity : gap
    maxAbs = Math.max(maxAbs, d)
    maxRel = Math.max(maxRel, a === 0 ? d : d / Math.abs(a))
  }
  return { points: run.xTrain.length, queries: run.yHat.length, dataDiffering, fitDiffering, maxAbs, maxRel }
}
