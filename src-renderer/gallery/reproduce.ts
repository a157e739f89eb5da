import type { WorkbenchApi } from '../../src-shared/api/contract'
import type { ExperimentSpecInput } from '../../src-shared/api/spec'

/**
 * "Reproduce all figures" without piling up copies: each slot's spec goes
 * through ensureExperiment, which returns the run this version already made
 * from the same spec (name and tags aside) or starts a new one. Two slots
 * with one spec (figure 8's Gaussian is figure 9's σ = 1) share one run. A
 * reused run that lacks the slot's tag gets it, so the gallery finds it
 * again after a reload.
 */
export interface Reproduction {
  /** Run id of each slot. */
  slots: Record<string, string>
  /** Runs started by this click (their set tag says which click made them). */
  made: number
  /** Slots served by runs that already existed. */
  reused: number
  setTag: string
}

type GalleryApi = Pick<WorkbenchApi, 'ensureExperiment' | 'tagExperiment'>

/** The spec as the store compares it: without name, tags or notes. */
function sameRunKey(spec: ExperimentSpecInput): string {
  const { name: _n, tags: _t, notes: _o, ...what } = spec
  return JSON.stringify(what)
}

export async function reproduceFigures(api: GalleryApi, slots: { slot: string; spec: ExperimentSpecInput }[], setTag: string): Promise<Reproduction> {
  const out: Reproduction = { slots: {}, made: 0, reused: 0, setTag }
  const byKey = new Map<string, { id: string; tags: string[] }>()
  for (const { slot, spec } of slots) {
    const key = sameRunKey(spec)
    let run = byKey.get(key)
    if (!run) {
      const r = await api.ensureExperiment({ ...spec, tags: [...(spec.tags ?? []), setTag] })
      run = { id: r.run.id, tags: r.run.tags }
      byKey.set(key, run)
      if (r.reused) out.reused++
      else out.made++
    } else {
      out.reused++
    }
    const missing = ['gallery', slot].filter((t) => !run!.tags.includes(t))
    if (missing.length > 0) {
      const tagged = await api.tagExperiment({ id: run.id, add: missing })
      run.tags = tagged.tags
    }
    out.slots[slot] = run.id
  }
  return out
}

/** One line saying which runs the figures now show. */
export function reproductionSummary(r: Reproduction): string {
  const total = Object.keys(r.slots).length
  if (r.made === 0) return `Nothing changed: all ${total} figures show the runs already saved for them.`
  return `${r.made} run${r.made === 1 ? '' : 's'} made anew (tagged ${r.setTag}); ${r.reused} ${r.reused === 1 ? 'figure reuses' : 'figures reuse'} saved runs.`
}
