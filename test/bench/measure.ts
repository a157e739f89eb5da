/** Timing and table helpers for the benchmark (no assertions: it reports, it does not judge). */

export interface Timing {
  /** Median wall time in milliseconds. */
  ms: number
  runs: number
}

/** Warm-up calls stop after this long (or 50 calls): V8 optimises a function only after it has run a while. */
const WARM_UP_MS = 150

/** Median of `runs` timed calls after untimed warm-up calls (JIT tiers, caches). */
export function time(runs: number, f: () => void, warmUp = true): Timing {
  if (warmUp) {
    const start = performance.now()
    for (let k = 0; k < 50 && (k < 2 || performance.now() - start < WARM_UP_MS); k++) f()
  }
  const samples: number[] = []
  for (let r = 0; r < runs; r++) {
    const start = performance.now()
    f()
    samples.push(performance.now() - start)
  }
  return { ms: median(samples), runs }
}

export async function timeAsync(runs: number, f: () => Promise<unknown>): Promise<Timing> {
  await f()
  const samples: number[] = []
  for (let r = 0; r < runs; r++) {
    const start = performance.now()
    await f()
    samples.push(performance.now() - start)
  }
  return { ms: median(samples), runs }
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

/** Evenly spaced indices into 0..count-1, at most `size` of them. */
export function sampleIndices(count: number, size: number): Uint32Array {
  const k = Math.min(count, size)
  return Uint32Array.from({ length: k }, (_, i) => Math.floor(((i + 0.5) * count) / k))
}

export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—'
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`
  if (ms >= 100) return `${ms.toFixed(0)} ms`
  if (ms >= 1) return `${ms.toFixed(1)} ms`
  return `${ms.toFixed(3)} ms`
}

export function formatRate(perSecond: number): string {
  if (!Number.isFinite(perSecond)) return '—'
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(1)} M/s`
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(1)} k/s`
  return `${perSecond.toFixed(1)} /s`
}

export function formatNumber(x: number | undefined): string {
  if (x === undefined || Number.isNaN(x)) return '—'
  if (x === 0) return '0'
  return x.toExponential(1)
}

/** Prints rows under a header, columns padded to their widest cell. */
export function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)))
  const line = (cells: string[]) => cells.map((cell, c) => (c < 3 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')
  console.log(line(header))
  console.log(widths.map((w) => '-'.repeat(w)).join('  '))
  for (const r of rows) console.log(line(r))
}

/**
 * How fast the host runs right now: a fixed loop of the engine's kind (multiply-adds over a typed array
 * of 8 MB), best of 15, in ms. On a shared machine the same build's figures move with it (on one busy day
 * here it read from 55 to 100 ms within minutes, and the same heatmap took 120 to 300 ms), so benchmarks
 * print it beside their figures: a before and an after compare only at about the same reading.
 */
export function hostCalibrationMs(): number {
  const size = 1 << 20
  const a = new Float64Array(size)
  for (let i = 0; i < size; i++) a[i] = Math.sin(i)
  let best = Infinity
  for (let rep = 0; rep < 15; rep++) {
    const start = performance.now()
    let s = 0
    for (let k = 0; k < 20; k++) for (let i = 0; i < size; i++) s += a[i]! * a[(i * 7) & 65535]!
    best = Math.min(best, performance.now() - start)
    // Kept, so that the loop is not optimised away.
    _calibrationSink += s
  }
  return best
}

let _calibrationSink = 0
