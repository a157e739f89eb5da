import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { JobCancelledError, JobFailedError, WorkerCrashedError } from '../../src-main/jobs/errors'
import { constants, getPriority } from 'node:os'
import { WorkerPool } from '../../src-main/jobs/pool'
import { lowerThisThreadsPriority } from '../../src-main/jobs/threadPriority'
import type { TestJobs } from './fixtures/testJobs.worker'

const entry = { path: join(__dirname, 'fixtures', 'testJobs.worker.ts'), execArgv: ['--require', require.resolve('tsx/cjs')] }
const pools: WorkerPool<TestJobs>[] = []
function pool(size = 1, cancelGraceMs = 1000, background = false) {
  const p = new WorkerPool<TestJobs>({ name: 'test', size, entry, cancelGraceMs, background })
  pools.push(p)
  return p
}
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()))
})

describe('the worker pool', () => {
  it('runs a job in a worker thread and returns its result (typed arrays included)', async () => {
    const r = await pool().run('echo', { value: 21 }).result
    expect(r.value).toBe(21)
    expect(Array.from(r.array)).toEqual([21, 42])
  })

  it('streams progress and starts queued jobs in order when a worker frees up', async () => {
    const p = pool(1)
    const seen: number[] = []
    const order: string[] = []
    const a = p.run('steps', { steps: 4, msPerStep: 5 }, { onStart: () => order.push('a'), onProgress: (s) => seen.push(s.step) })
    const b = p.run('echo', { value: 1 }, { onStart: () => order.push('b') })
    expect(p.pending).toBe(1)
    await Promise.all([a.result, b.result])
    expect(seen).toEqual([1, 2, 3, 4])
    expect(order).toEqual(['a', 'b'])
  })

  it('cancels a running job promptly, with what it reported as done', async () => {
    const p = pool(1)
    const steps: number[] = []
    const h = p.run('steps', { steps: 10_000, msPerStep: 2 }, { onProgress: (s) => steps.push(s.step) })
    while (steps.length < 3) await new Promise((r) => setTimeout(r, 5))
    const t0 = Date.now()
    h.cancel()
    const outcome = await h.outcome
    expect(outcome.status).toBe('cancelled')
    expect(outcome.status === 'cancelled' && outcome.partial!.done).toBeGreaterThanOrEqual(3)
    await expect(h.result).rejects.toBeInstanceOf(JobCancelledError)
    expect(Date.now() - t0).toBeLessThan(500)
    // The worker survives a cooperative cancel and runs the next job.
    expect((await p.run('echo', { value: 5 }).result).value).toBe(5)
  })

  it('cancels a queued job without running it', async () => {
    const p = pool(1)
    const first = p.run('steps', { steps: 20, msPerStep: 5 })
    const started: string[] = []
    const queued = p.run('echo', { value: 1 }, { onStart: () => started.push('queued') })
    queued.cancel()
    await expect(queued.result).rejects.toBeInstanceOf(JobCancelledError)
    await first.result
    expect(started).toEqual([])
  })

  it('terminates a job that ignores the cancel after the grace period, and replaces the worker', async () => {
    const p = pool(1, 200)
    const h = p.run('hang', { ms: 30_000 })
    await new Promise((r) => setTimeout(r, 300))
    const t0 = Date.now()
    h.cancel()
    await expect(h.result).rejects.toBeInstanceOf(JobCancelledError)
    expect(Date.now() - t0).toBeLessThan(1500)
    expect((await p.run('echo', { value: 7 }).result).value).toBe(7)
  })

  it('fails a job that throws with its error, and keeps the worker', async () => {
    const p = pool(1)
    const err = await p.run('throw', { message: 'bad width' }).result.catch((e: unknown) => e)
    expect(err).toBeInstanceOf(JobFailedError)
    expect((err as Error).name).toBe('RangeError')
    expect((err as Error).message).toBe('bad width')
    expect((await p.run('echo', { value: 3 }).result).value).toBe(3)
  })

  it('tells a cancellation by its class: an error merely named CancelledError is a failure', async () => {
    const p = pool(1)
    const outcome = await p.run('fakeCancel', {}).outcome
    expect(outcome.status).toBe('failed')
    expect(outcome.status === 'failed' && outcome.error).toBeInstanceOf(JobFailedError)
  })

  it('fails only the job whose worker dies (uncaught exception or exit), and replaces the worker', async () => {
    const p = pool(2)
    const other = p.run('steps', { steps: 20, msPerStep: 10 })
    const crash = await p.run('crash', {}).result.catch((e: unknown) => e)
    expect(crash).toBeInstanceOf(WorkerCrashedError)
    expect((crash as Error).message).toMatch(/the worker crashed: boom from a timer/)
    const exit = await p.run('exit', { code: 3 }).result.catch((e: unknown) => e)
    expect(exit).toBeInstanceOf(WorkerCrashedError)
    expect((exit as Error).message).toMatch(/exited unexpectedly \(code 3\)/)
    expect(await other.result).toEqual({ done: 20 })
    expect((await p.run('echo', { value: 9 }).result).value).toBe(9)
  })

  it('survives hooks that throw: the job still runs and reports', async () => {
    const p = pool(1)
    const errors: unknown[] = []
    const original = console.error
    console.error = (...a: unknown[]) => void errors.push(a)
    try {
      const r = await p.run(
        'steps',
        { steps: 3, msPerStep: 1 },
        {
          onStart: () => {
            throw new Error('start hook broke')
          },
          onProgress: () => {
            throw new Error('progress hook broke')
          },
        },
      ).result
      expect(r).toEqual({ done: 3 })
      expect(errors.length).toBeGreaterThanOrEqual(2)
    } finally {
      console.error = original
    }
  })

  it('never blocks the calling thread while a job computes', async () => {
    const p = pool(1)
    const h = p.run('hang', { ms: 400 })
    let ticks = 0
    const timer = setInterval(() => ticks++, 10)
    await h.result
    clearInterval(timer)
    // A blocked event loop would tick once or not at all in 400 ms.
    expect(ticks).toBeGreaterThan(10)
  })

  it.runIf(process.platform === 'linux')('runs a background pool at the lowest priority, that thread only (Linux: nice values are per thread)', async () => {
    const mine = getPriority(0)
    const foreground = await pool(1).run('priority', {}).result
    const background = await pool(1, 1000, true).run('priority', {}).result
    expect(foreground.nice).toBe(mine)
    expect(background.nice).toBe(constants.priority.PRIORITY_LOW)
    // The process's other threads (this one) keep theirs.
    expect(getPriority(0)).toBe(mine)
    expect(getPriority(process.pid)).toBe(getPriority(0))
  })

  it('leaves the priority alone where it belongs to the whole process', () => {
    expect(lowerThisThreadsPriority('darwin')).toBe(false)
    expect(lowerThisThreadsPriority('win32')).toBe(false)
  })
})
