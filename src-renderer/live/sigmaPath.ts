import type { EpochRecord } from '../../src-shared/engine/sgd'

/**
 * Where training took sigma_eff = 1/|w|: the starting w (epoch 0), then w
 * after each epoch. A million-epoch run is sampled to at most `max` points
 * (evenly, the last always kept), so the chart costs the same while it grows.
 */
export function sigmaPath(w0: number | null | undefined, epochs: readonly EpochRecord[], max = 400): { epoch: number; sigma: number }[] {
  const steps = epochs.length + (w0 === null || w0 === undefined ? 0 : 1)
  const at = (i: number) => trainingStep(w0, epochs, i)
  const picked: number[] = []
  if (steps <= max) for (let i = 0; i < steps; i++) picked.push(i)
  else {
    for (let k = 0; k < max - 1; k++) picked.push(Math.floor((k * (steps - 1)) / (max - 1)))
    picked.push(steps - 1)
  }
  const out: { epoch: number; sigma: number }[] = []
  for (const i of picked) {
    const s = at(i)
    const sigma = 1 / Math.abs(s.w)
    // w = 0 (or subnormal): every key weighs alike, no finite width to draw.
    if (Number.isFinite(sigma)) out.push({ epoch: s.epoch, sigma })
  }
  return out
}

/** Step i of a training: epoch 0 is the starting w once known, then w after each epoch (the replay's scrubber counts the same way). */
export function trainingStep(w0: number | null | undefined, epochs: readonly EpochRecord[], i: number): { epoch: number; w: number } {
  return w0 === null || w0 === undefined ? epochs[i]! : i === 0 ? { epoch: 0, w: w0 } : epochs[i - 1]!
}
