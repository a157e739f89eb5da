import { describe, expect, it } from 'vitest'
import { threadsForIdleCores } from '../../src-main/cli/defaultThreads'

describe('threads for a large fit without --threads', () => {
  it('takes the idle cores, at least one and at most every core', () => {
    expect(threadsForIdleCores(2, 0)).toBe(2)
    expect(threadsForIdleCores(2, 0.4)).toBe(2)
    expect(threadsForIdleCores(2, 0.6)).toBe(1)
    expect(threadsForIdleCores(2, 18)).toBe(1)
    expect(threadsForIdleCores(8, 3.2)).toBe(5)
    expect(threadsForIdleCores(1, 0)).toBe(1)
  })
})
