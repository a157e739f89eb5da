/**
 * Kernel profiles K(u), u = (query - key) / sigma.
 *
 * Nadaraya-Watson normalises the weights of each query, so constant factors
 * of a kernel (the 3/4 of Epanechnikov, 1/sqrt(2 pi) of the Gaussian) cancel:
 * profiles here omit them, and `formula` shows the normalised density for
 * reference. Compact kernels include the boundary |u| = 1 (boxcar weighs it 1,
 * the others weigh it 0); the chapter's boxcar code uses |u| < 1, which only
 * differs for a key at exactly one bandwidth from the query.
 */
export const KERNEL_IDS = [
  'gaussian',
  'boxcar',
  'constant',
  'triangular',
  'epanechnikov',
  'quartic',
  'triweight',
  'tricube',
  'cosine',
] as const
export type KernelId = (typeof KERNEL_IDS)[number]

/** Kernels whose profile is zero for |u| > 1. */
export const COMPACT_KERNEL_IDS = [
  'boxcar',
  'triangular',
  'epanechnikov',
  'quartic',
  'triweight',
  'tricube',
  'cosine',
] as const satisfies readonly KernelId[]
export type CompactKernelId = (typeof COMPACT_KERNEL_IDS)[number]

export interface KernelInfo {
  id: KernelId
  label: string
  /** The normalised kernel as a plain-text formula, for display. */
  formula: string
  /** The same in LaTeX, for exported figures and the formula display. */
  latex: string
  /** Half-width of the support in units of sigma: 1 for compact kernels, Infinity otherwise. */
  support: number
  /** What the d2l chapter calls this kernel, where it differs from our name. */
  chapterName?: string
  note?: string
  /** The unnormalised profile K(u) that the estimator uses. */
  profile(u: number): number
}

const HALF_PI = Math.PI / 2

const KERNELS: Record<KernelId, KernelInfo> = {
  gaussian: {
    id: 'gaussian',
    label: 'Gaussian',
    formula: 'K(u) = exp(-u²/2) / √(2π)',
    latex: 'K(u) = \\frac{1}{\\sqrt{2\\pi}} e^{-u^2/2}',
    support: Infinity,
    profile: (u) => Math.exp(-0.5 * u * u),
  },
  boxcar: {
    id: 'boxcar',
    label: 'Boxcar',
    formula: 'K(u) = 1/2 for |u| ≤ 1',
    latex: 'K(u) = \\tfrac12 \\, \\mathbf{1}\\{|u| \\le 1\\}',
    support: 1,
    note: 'The chapter’s code uses |u| < 1; the boundary only matters for a key exactly one bandwidth away.',
    profile: (u) => (Math.abs(u) <= 1 ? 1 : 0),
  },
  constant: {
    id: 'constant',
    label: 'Constant',
    formula: 'K(u) = 1',
    latex: 'K(u) = 1',
    support: Infinity,
    note: 'Every key gets the same weight: the estimate is the mean of all values (average pooling), whatever sigma is.',
    profile: () => 1,
  },
  triangular: {
    id: 'triangular',
    label: 'Triangular',
    formula: 'K(u) = 1 − |u| for |u| ≤ 1',
    latex: 'K(u) = (1 - |u|)\\, \\mathbf{1}\\{|u| \\le 1\\}',
    support: 1,
    chapterName: 'Epanechikov',
    note: 'The chapter plots this kernel under the name “Epanechikov”; the true Epanechnikov kernel is 1 − u².',
    profile: (u) => {
      const a = Math.abs(u)
      return a <= 1 ? 1 - a : 0
    },
  },
  epanechnikov: {
    id: 'epanechnikov',
    label: 'Epanechnikov',
    formula: 'K(u) = 3/4 (1 − u²) for |u| ≤ 1',
    latex: 'K(u) = \\tfrac34 (1 - u^2)\\, \\mathbf{1}\\{|u| \\le 1\\}',
    support: 1,
    profile: (u) => (Math.abs(u) <= 1 ? 1 - u * u : 0),
  },
  quartic: {
    id: 'quartic',
    label: 'Quartic (biweight)',
    formula: 'K(u) = 15/16 (1 − u²)² for |u| ≤ 1',
    latex: 'K(u) = \\tfrac{15}{16} (1 - u^2)^2\\, \\mathbf{1}\\{|u| \\le 1\\}',
    support: 1,
    profile: (u) => {
      if (Math.abs(u) > 1) return 0
      const t = 1 - u * u
      return t * t
    },
  },
  triweight: {
    id: 'triweight',
    label: 'Triweight',
    formula: 'K(u) = 35/32 (1 − u²)³ for |u| ≤ 1',
    latex: 'K(u) = \\tfrac{35}{32} (1 - u^2)^3\\, \\mathbf{1}\\{|u| \\le 1\\}',
    support: 1,
    profile: (u) => {
      if (Math.abs(u) > 1) return 0
      const t = 1 - u * u
      return t * t * t
    },
  },
  tricube: {
    id: 'tricube',
    label: 'Tricube',
    formula: 'K(u) = 70/81 (1 − |u|³)³ for |u| ≤ 1',
    latex: 'K(u) = \\tfrac{70}{81} (1 - |u|^3)^3\\, \\mathbf{1}\\{|u| \\le 1\\}',
    support: 1,
    profile: (u) => {
      const a = Math.abs(u)
      if (a > 1) return 0
      const t = 1 - a * a * a
      return t * t * t
    },
  },
  cosine: {
    id: 'cosine',
    label: 'Cosine',
    formula: 'K(u) = π/4 cos(πu/2) for |u| ≤ 1',
    latex: 'K(u) = \\tfrac{\\pi}{4} \\cos(\\tfrac{\\pi u}{2})\\, \\mathbf{1}\\{|u| \\le 1\\}',
    support: 1,
    // cos(pi/2) is 6e-17 in floating point, not 0: clamp so the support is exactly |u| <= 1 with K(±1) = 0.
    profile: (u) => {
      const a = Math.abs(u)
      return a < 1 ? Math.cos(HALF_PI * a) : 0
    },
  },
}

export function kernelInfo(id: KernelId): KernelInfo {
  return KERNELS[id]
}

export function isKernelId(value: unknown): value is KernelId {
  return typeof value === 'string' && (KERNEL_IDS as readonly string[]).includes(value)
}

export function isCompactKernel(id: KernelId): id is CompactKernelId {
  return (COMPACT_KERNEL_IDS as readonly string[]).includes(id)
}

/** K((x_i)/sigma) for plotting a kernel's shape. */
export function sampleKernel(id: KernelId, xs: ArrayLike<number>, sigma = 1): Float64Array {
  const k = KERNELS[id].profile
  const out = new Float64Array(xs.length)
  for (let i = 0; i < xs.length; i++) out[i] = k(xs[i]! / sigma)
  return out
}
