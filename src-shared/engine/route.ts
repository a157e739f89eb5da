import type { Algorithm } from './types'

/**
 * The one rule that sends a problem to the dense reference code or to the
 * fast paths. Prediction, leave-one-out, heatmaps, the training gradient and
 * the threaded path all ask here, so they switch at the same size.
 *
 * Up to DENSE_MAX_PAIRS query-key pairs the dense code is as fast, and small
 * problems then match the PyTorch fixtures to the last bits they can.
 */
export const DENSE_MAX_PAIRS = 200_000

/** Whether `pairs` query-key pairs go to the dense code (`forced`: an algorithm a test or benchmark insists on). */
export function takesDensePath(pairs: number, forced?: Algorithm): boolean {
  return forced === 'dense' || (forced === undefined && pairs <= DENSE_MAX_PAIRS)
}
