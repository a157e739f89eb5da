import type { LiveTarget } from './liveTarget'

/**
 * Runs saved from the live preview, with what the preview computed them
 * from, so the saved run can be held against the page's own numbers.
 */
const saved = new Map<string, LiveTarget>()

export function rememberSaved(runId: string, target: LiveTarget): void {
  saved.set(runId, target)
}

/** The preview target a run was saved from, if it was. */
export function savedFrom(runId: string): LiveTarget | undefined {
  return saved.get(runId)
}
