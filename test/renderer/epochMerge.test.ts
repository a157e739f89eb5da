import { describe, expect, it } from 'vitest'
import type { EpochRecord } from '../../src-shared/engine/sgd'
import { isContiguous, mergeEpochs } from '../../src-renderer/results/epochMerge'

const ep = (from: number, to: number, tag = 0): EpochRecord[] => Array.from({ length: to - from + 1 }, (_, k) => ({ epoch: from + k, loss: 1 / (from + k) + tag, w: tag }))
const numbers = (list: EpochRecord[]) => list.map((e) => e.epoch)
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => from + k)

describe('joining a stored training curve with live epochs', () => {
  it('keeps live epochs that arrived while the stored ones were read (they used to be dropped, leaving a gap)', () => {
    const m = mergeEpochs(ep(1, 95), ep(90, 110, 1))
    expect(numbers(m.epochs)).toEqual(range(1, 110))
    expect(m.gap).toBe(false)
    // Where both have an epoch, the stored record stands.
    expect(m.epochs[89]!.w).toBe(0)
    expect(m.epochs[99]!.w).toBe(1)
  })

  it('keeps the stored curve when the live part is shorter (they used to replace it)', () => {
    expect(numbers(mergeEpochs(ep(1, 50), ep(49, 52)).epochs)).toEqual(range(1, 52))
    expect(numbers(mergeEpochs(ep(1, 3), ep(1, 40)).epochs)).toEqual(range(1, 40))
  })

  it('reports a gap when the live epochs begin after the stored ones end', () => {
    const m = mergeEpochs(ep(1, 20), ep(25, 30))
    expect(m.gap).toBe(true)
    expect(numbers(m.epochs)).toEqual([...range(1, 20), ...range(25, 30)])
    expect(mergeEpochs([], ep(5, 9)).gap).toBe(true)
    expect(mergeEpochs([], []).gap).toBe(false)
  })

  it('counts an epoch once even if a list repeats it', () => {
    const twice = [...ep(1, 3), ...ep(3, 4)]
    expect(numbers(mergeEpochs(twice, ep(2, 5)).epochs)).toEqual([1, 2, 3, 4, 5])
    expect(isContiguous(ep(1, 4))).toBe(true)
    expect(isContiguous(ep(2, 4))).toBe(false)
  })
})
