import { describe, expect, it } from 'vitest'
import { defaultThreadsFor, defaultVectorThreads, threadsForIdleCores, VECTOR_THREADS_FROM_WORK } from '../../src-main/cli/defaultThreads'

describe('threads for a large fit without --threads', () => {
  it('takes the idle cores, at least one and at most every core', () => {
    expect(threadsForIdleCores(2, 0)).toBe(2)
    expect(threadsForIdleCores(2, 0.4)).toBe(2)
    expect(threadsForIdleCores(2, 0.6)).toBe(1)
    expect(threadsForIdleCores(2, 18)).toBe(1)
    expect(threadsForIdleCores(8, 3.2)).toBe(5)
    expect(threadsForIdleCores(1, 0)).toBe(1)
  })

  it('stays on one thread unless at least four cores are idle (two threads cost more than they save on two)', () => {
    expect(defaultThreadsFor(2, 0)).toBe(1)
    expect(defaultThreadsFor(4, 0.6)).toBe(1)
    expect(defaultThreadsFor(4, 0.4)).toBe(4)
    expect(defaultThreadsFor(8, 3.2)).toBe(5)
    expect(defaultThreadsFor(8, 12)).toBe(1)
  })
})

describe('threads for a vector fit without --threads', () => {
  it('splits large pairwise work (dense or SIMD) across the idle cores, even two', () => {
    expect(defaultVectorThreads('simd', 8e8, 2, 0.3)).toBe(2)
    expect(defaultVectorThreads('simd', 8e8, 2, 0.6)).toBe(2)
    expect(defaultVectorThreads('dense', VECTOR_THREADS_FROM_WORK, 2, 0)).toBe(2)
    expect(defaultVectorThreads('simd', 8e8, 8, 5.5)).toBe(3)
    expect(defaultVectorThreads('simd', 8e8, 2, 1)).toBe(1)
    expect(defaultVectorThreads('simd', 8e8, 2, 7)).toBe(1)
  })

  it('keeps small work and the transform and window paths on one thread', () => {
    expect(defaultVectorThreads('simd', VECTOR_THREADS_FROM_WORK / 2, 2, 0)).toBe(1)
    for (const algorithm of ['fgt', 'window', 'compact', 'constant'] as const) expect(defaultVectorThreads(algorithm, 1e10, 8, 0)).toBe(1)
  })
})
