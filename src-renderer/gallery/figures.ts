import type { ExperimentSpecInput } from '../../src-shared/api/spec'
import { chapterSlots, chapterSpecs, type Edition } from '../../src-shared/figures/chapter'

/**
 * The chapter's figures as runs (defined once in src-shared/figures/chapter.ts,
 * which `nw-workbench figures` uses too): each slot is one saved run, tagged
 * "gallery" and with its slot, so the gallery shows the newest reproduction
 * and every figure can be compared and exported.
 */
export { FIG8_KERNELS, FIG9_SIGMAS } from '../../src-shared/figures/chapter'
export type { ChapterSlot as GallerySlot } from '../../src-shared/figures/chapter'

export const GALLERY_SLOTS = chapterSlots()

export function gallerySpecs(seed: number, tags: string[], edition?: Edition): ExperimentSpecInput[] {
  return chapterSpecs(seed, ['gallery', ...tags], edition)
}

export { chapterSlots }
