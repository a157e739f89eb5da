import { nextTask } from './nextTask'

/**
 * When the user last did something (typed, dragged, clicked), so the preview
 * can measure its latency from the input event itself rather than from when
 * the page got round to reacting to it.
 */
let lastInput = -Infinity
/** When the page's first listener heard that input (after any wait in the event queue). */
let lastHeard = -Infinity
let installed = false

/** How long after an event a reaction still counts as caused by it. */
const CAUSE_WINDOW_MS = 200

export function installInputClock(): void {
  if (installed || typeof window === 'undefined') return
  installed = true
  for (const type of ['input', 'change', 'pointerdown', 'keydown', 'click']) {
    window.addEventListener(
      type,
      (e) => {
        lastInput = e.timeStamp
        lastHeard = performance.now()
      },
      { capture: true, passive: true },
    )
  }
}

/** The time of the input that caused what is happening now (or now, when none did). */
export function inputTime(): number {
  const now = performance.now()
  return now - lastInput < CAUSE_WINDOW_MS ? lastInput : now
}

/** When the page started handling the input `inputTime` returned (null when none caused what happens now). */
export function inputHeardAt(inputAt: number): number | null {
  return inputAt === lastInput ? lastHeard : null
}

/**
 * Resolves with the time just after the next frame is painted: a
 * requestAnimationFrame callback runs before the paint, and a message posted
 * from it is handled after.
 */
export function afterPaint(): Promise<number> {
  return new Promise((resolve) => {
    if (typeof requestAnimationFrame === 'undefined') {
      resolve(performance.now())
      return
    }
    requestAnimationFrame(() => void nextTask().then(() => resolve(performance.now())))
  })
}
