import { describe, expect, it } from 'vitest'
import { defaultThreadsFor, threadsForIdleCores } from '../../src-main/cli/defaultThreads'

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
