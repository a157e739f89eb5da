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
