
/**
 * A training curve joined from the epochs the store holds and those that
 * arrived live, by epoch number: each epoch once, in order. The store
 * appends at least once a second while a run trains, so a page that opens
 * mid-run reads the stored part and the events carry on from there; what
 * neither has yet (the events of the moment before the page subscribed) is a
 * gap, reported so the caller reads the store again a second later. A
 * width vector's curve (a parametric vector run) joins the same way.
 */
export interface MergedCurve<R extends { epoch: number }> {
  epochs: R[]
  /** Some epoch between 1 and the last is missing. */
  gap: boolean
}

export function mergeEpochs<R extends { epoch: number }>(stored: readonly R[], live: readonly R[]): MergedCurve<R> {
  const out: R[] = []
  let last = 0
  const take = (r: R) => {
    if (r.epoch > last) {
      out.push(r)
      last = r.epoch
    }
  }
  // Both lists ascend: a two-way merge keeps the stored record where both have an epoch.
  let i = 0
  let j = 0
  while (i < stored.length || j < live.length) {
    const s = stored[i]
    const l = live[j]
    if (l === undefined || (s !== undefined && s.epoch <= l.epoch)) {
      take(s!)
      i++
    } else {
      take(l)
      j++
    }
  }
  return { epochs: out, gap: !isContiguous(out) }
}

/** Epochs 1, 2, ..., k with none missing (an empty curve is). */
export function isContiguous(epochs: readonly { epoch: number }[]): boolean {
  for (let k = 0; k < epochs.length; k++) if (epochs[k]!.epoch !== k + 1) return false
  return true
}
