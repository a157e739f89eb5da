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

export function frameEnded(): void {
  onTheirWay = Math.max(0, onTheirWay - 1)
}

export function framesOnTheirWay(): boolean {
  return onTheirWay > 0
}

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
