/**
 * Runs an engine computation given as steps (a generator, such as
 * nwPredictSteps or nwLooPredictorSteps) to its end, awaiting `between`
 * after each step: background work in a preview worker (the leave-one-out
 * curve, the metrics) pauses there while a frame computes, and stops when
 * `between` says so. Resolves null when stopped.
 */
export async function runSteps<T>(steps: Generator<unknown, T>, between: () => Promise<boolean>): Promise<T | null> {
  let step = steps.next()
  while (!step.done) {
    if (!(await between())) return null
    step = steps.next()
  }
  return step.value
}
