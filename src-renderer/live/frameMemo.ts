import type { FrameRequest, LiveFrame } from './protocol'

/**
 * Recent frames, by what they answer: the data's key, the kernel, sigma,
 * the view, the quality, the part and its split. The page keeps the frames it
 * joined from two workers' parts (previewClient.ts), a worker the whole frames
 * it computed (the exact lane). Dragging the slider back over values just
 * shown, or switching back to a kernel, then costs a copy instead of an
 * engine call. Frames are display-sized (about 100 kB),
 * so a few dozen are kept; the data's key changes whenever the data do
 * (liveTarget.ts), so a frame of old data is never served for new data.
 */
export class FrameMemo {
  private readonly frames = new Map<string, LiveFrame>()

  constructor(private readonly limit = 32) {}

  /** A copy of the frame kept for this request (its buffers are the caller's to transfer), or null. */
  get(req: FrameRequest): LiveFrame | null {
    const key = frameKey(req)
    const hit = this.frames.get(key)
    if (!hit) return null
    // Most recently used last, so eviction takes the oldest.
    this.frames.delete(key)
    this.frames.set(key, hit)
    return structuredClone(hit)
  }

  /** Keeps a copy of a frame just computed (the frame itself is about to be transferred away). */
  set(req: FrameRequest, frame: LiveFrame): void {
    this.frames.set(frameKey(req), structuredClone(frame))
    while (this.frames.size > this.limit) this.frames.delete(this.frames.keys().next().value!)
  }
}

export function frameKey(req: FrameRequest): string {
  const v = req.view
  return `${req.data.key}|${req.kernel}|${req.sigma}|${v.fitPoints},${v.trainPoints},${v.heatRows},${v.heatCols}|${req.quality}|${req.part ?? 'whole'}|${req.split ?? 0}`
}
