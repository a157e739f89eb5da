/**
 * Whether a live frame is on its way to the screen (computing, or drawn and
 * not yet painted). Charts off the critical path (the leave-one-out curve
 * filling in) wait for none to be, so that their redraws, tens of
 * milliseconds each, never sit between an input and its frame.
 */
let onTheirWay = 0

export function frameStarted(): void {
  onTheirWay++
}

let idleWaiters: (() => void)[] = []

export function frameEnded(): void {
  onTheirWay = Math.max(0, onTheirWay - 1)
  if (onTheirWay > 0) return
  const waiters = idleWaiters
  idleWaiters = []
  for (const resolve of waiters) resolve()
}

export function framesOnTheirWay(): boolean {
  return onTheirWay > 0
}

/**
 * Resolves once no live frame is on its way (at once when none is). Requests
 * that make the server compute over the same data (the editor's data
 * preview, the bandwidth suggestions) wait for it: on a two-core machine a
 * new data set's frame at 10^5 points shared the cores with the server
 * making the same data twice more meanwhile.
 */
export function framesIdle(limitMs = FRAMES_IDLE_LIMIT_MS): Promise<void> {
  if (onTheirWay === 0) return Promise.resolve()
  return new Promise((resolve) => {
    idleWaiters.push(resolve)
    // A frame whose end went unrecorded must not keep the editor's previews and suggestions away for good.
    setTimeout(resolve, limitMs)
  })
}

/** Longest wait in framesIdle (a frame at 10^5 takes 0.1-0.3 s). */
const FRAMES_IDLE_LIMIT_MS = 1000

/**
 * Charts still drawing an update: ECharts draws most updates at once, inside
 * setOption, but a series with many points may be drawn over several frames
 * ("progressive" rendering), and it says 'finished' when done. A frame is
 * painted only once every chart has finished and the browser has painted
 * after that.
 */
const drawing = new Set<Promise<void>>()

export function chartDrawing(done: Promise<void>): void {
  drawing.add(done)
  void done.finally(() => drawing.delete(done))
}

/** Longest wait for charts to finish: a chart that never says so must not stop the preview. */
const FINISH_LIMIT_MS = 5000

/** Resolves when every chart drawing now has finished (at once when none is). */
export async function chartsFinished(): Promise<void> {
  const limit = new Promise<void>((resolve) => setTimeout(resolve, FINISH_LIMIT_MS))
  while (drawing.size > 0) if ((await Promise.race([Promise.all([...drawing]).then(() => 'done'), limit.then(() => 'late')])) === 'late') return
}
