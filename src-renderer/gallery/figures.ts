import type { ExperimentSpecInput } from '../../src-shared/api/spec'
import type { KernelId } from '../../src-shared/engine/kernels'

/**
 * The chapter's figures (see shared/reference/CHAPTER.md) as runs: each slot
 * is one saved run, tagged "gallery" and with its slot, so the gallery shows
 * the newest reproduction and every figure can be compared and exported.
 */
export interface GallerySlot {
  slot: string
  spec: (seed: number) => ExperimentSpecInput
}

const oldest = (seed: number) => ({ preset: 'd2l-oldest' as const, seed })
const newest = (seed: number) => ({ preset: 'd2l-newest' as const, seed })

/** Figure 8's kernels, with the chapter's own names. */
export const FIG8_KERNELS: { id: KernelId; name: string }[] = [
  { id: 'gaussian', name: 'Gaussian' },
  { id: 'boxcar', name: 'Boxcar' },
  { id: 'constant', name: 'Constant' },
  { id: 'triangular', name: 'Epanechikov (triangular)' },
]
export const FIG9_SIGMAS = [0.1, 0.2, 0.5, 1]

export const GALLERY_SLOTS: GallerySlot[] = [
  { slot: 'fig1', spec: (seed) => ({ name: 'Fig. 1 · average pooling', data: oldest(seed), kernel: 'constant', sigma: 1 }) },
  { slot: 'fig2', spec: (seed) => ({ name: 'Fig. 2–3 · nonparametric Gaussian', data: oldest(seed), kernel: 'gaussian', sigma: 1 }) },
  { slot: 'fig5', spec: (seed) => ({ name: 'Fig. 5–6 · parametric training', data: oldest(seed), kernel: 'gaussian', sigma: 1, mode: 'parametric' }) },
  ...FIG8_KERNELS.map((k) => ({
    slot: `fig8-${k.id}`,
    spec: (seed: number): ExperimentSpecInput => ({ name: `Fig. 8 · ${k.name}`, data: newest(seed), kernel: k.id, sigma: 1 }),
  })),
  ...FIG9_SIGMAS.map((s) => ({
    slot: `fig9-${s}`,
    spec: (seed: number): ExperimentSpecInput => ({ name: `Fig. 9 · Gaussian σ = ${s}`, data: newest(seed), kernel: 'gaussian', sigma: s }),
  })),
]

export function gallerySpecs(seed: number, setTag: string): ExperimentSpecInput[] {
  return GALLERY_SLOTS.map((g) => {
    const spec = g.spec(seed)
    return { ...spec, tags: ['gallery', g.slot, setTag] }
  })
}
