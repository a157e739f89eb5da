import { nextTick } from 'vue'

export interface PacedSignal {
  /** Asks for the signal: at once if the last one is long enough ago, else once at the next allowed moment. */
  request(): void
  /** Gives a pending signal now (the stream ended: show its last state without waiting). */
  flush(): void
  cancel(): void
}

/**
 * A redraw driven by a stream at the pace the page can keep. A training
 * sends its epochs 33 times a second, and each signal redraws the loss chart
 * and both sigma charts (tens of ms on a slow machine): signalled per event,
 * a 100,000-epoch run kept Chromium's main thread busy all the time, so
 * clicks, the preview and even a screenshot waited for seconds. Signals are
 * at least `minGapMs` apart, and further apart when what they set off (Vue's
 * update and the charts' setOption, measured up to the end of Vue's flush)
 * takes more than `share` of the time between them.
 */
export function pacedSignal(signal: () => void, minGapMs = 200, share = 0.25, now: () => number = () => performance.now()): PacedSignal {
  let timer: ReturnType<typeof setTimeout> | undefined
  let lastEnd = -Infinity
  let lastCost = 0
  const fire = () => {
    timer = undefined
    const start = now()
    // Until Vue's flush ends, the signal counts as given now (a request in the same tick waits).
    lastEnd = start
    signal()
    void nextTick(() => {
      lastEnd = now()
      lastCost = lastEnd - start
    })
  }
  return {
    request() {
      if (timer !== undefined) return
      const wait = lastEnd + Math.max(minGapMs, lastCost / share) - now()
      if (wait <= 0) fire()
      else timer = setTimeout(fire, wait)
    },
    flush() {
      if (timer === undefined) return
      clearTimeout(timer)
      fire()
    },
    cancel() {
      clearTimeout(timer)
      timer = undefined
    },
  }
}
