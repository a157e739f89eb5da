import { describe, expect, it } from 'vitest'
import type { ExperimentSpecInput } from '../../src-shared/api/spec'
import { chapterSlots } from '../../src-shared/figures/chapter'
import { reproduceFigures, reproductionSummary } from '../../src-renderer/gallery/reproduce'

type GalleryApi = Parameters<typeof reproduceFigures>[0]

/** A store in miniature: runs by id, a finished run reused for the same spec (name and tags aside). */
function fakeApi() {
  const runs: { id: string; key: string; tags: string[] }[] = []
  const keyOf = (s: ExperimentSpecInput) => JSON.stringify({ ...s, name: undefined, tags: undefined })
  return {
    runs,
    ensureExperiment: async (spec: ExperimentSpecInput) => {
      const same = runs.find((r) => r.key === keyOf(spec))
      if (same) return { run: { id: same.id, tags: [...same.tags] }, reused: true }
      const run = { id: `run${String(runs.length).padStart(9, '0')}`, key: keyOf(spec), tags: [...(spec.tags ?? [])] }
      runs.push(run)
      return { run: { id: run.id, tags: [...run.tags] }, reused: false }
    },
    tagExperiment: async ({ id, add }: { id: string; add?: string[] }) => {
      const r = runs.find((x) => x.id === id)!
      for (const t of add ?? []) if (!r.tags.includes(t)) r.tags.push(t)
      return { id, tags: [...r.tags] }
    },
  }
}

const slotSpecs = (seed: number) => chapterSlots().map((g) => ({ slot: g.slot, spec: { ...g.spec(seed), tags: ['gallery', g.slot] } }))

describe('reproducing the gallery', () => {
  it('makes each distinct run once, and nothing on a second click when nothing changed', async () => {
    const api = fakeApi()
    const first = await reproduceFigures(api as unknown as GalleryApi, slotSpecs(0), 'set-a')
    // 11 slots, 10 distinct specs: figure 8's Gaussian is figure 9's σ = 1.
    expect(first.made).toBe(10)
    expect(first.slots['fig8-gaussian']).toBe(first.slots['fig9-1'])
    expect(api.runs.find((r) => r.id === first.slots['fig9-1'])!.tags).toEqual(expect.arrayContaining(['gallery', 'fig8-gaussian', 'fig9-1', 'set-a']))
    const second = await reproduceFigures(api as unknown as GalleryApi, slotSpecs(0), 'set-b')
    expect(api.runs).toHaveLength(10)
    expect(second).toMatchObject({ made: 0, reused: 11, slots: first.slots })
    expect(reproductionSummary(second)).toBe('Nothing changed: all 11 figures show the runs already saved for them.')
  })

  it('makes anew only what changed, and says which set is new', async () => {
    const api = fakeApi()
    await reproduceFigures(api as unknown as GalleryApi, slotSpecs(0), 'set-a')
    const other = await reproduceFigures(api as unknown as GalleryApi, slotSpecs(1), 'set-c')
    expect(other.made).toBe(10)
    expect(reproductionSummary(other)).toBe('10 runs made anew (tagged set-c); 1 figure reuses saved runs.')
  })
})
