import { describeZodError } from '../../src-shared/api/zodHelpers'
import { InputError } from '../../src-shared/errors'
import { cellCount, enumerateCells } from '../../src-shared/study/cells'
import { estimateStudyMs } from '../../src-shared/study/estimate'
import { SPEC_PATHS } from '../../src-shared/study/paths'
import { studySchema, type Axis, type ReplicateSeeds, type StudyInput } from '../../src-shared/study/studySpec'

/**
 * The study editor's state and its checks, without any DOM: fields stay
 * text until they validate, and the preview (cells, runs, estimated time)
 * comes from the same enumeration the runner uses.
 */
export type AxisKind = 'list' | 'log' | 'linear' | 'random'

export interface AxisDraft {
  path: string
  kind: AxisKind
  /** List values, comma separated; JSON where it parses (0.5, true, "x", {"rule": "loo-cv"}), else a bare word. */
  list: string
  lo: string
  hi: string
  count: string
  distribution: 'uniform' | 'loguniform'
  seed: string
}

export interface StudyDraft {
  name: string
  /** The base experiment spec, as JSON text. */
  base: string
  axes: AxisDraft[]
  replicates: string
  replicateSeeds: ReplicateSeeds
}

/** Paths offered in the axis picker: the spec's fields (name, tags and notes make no sense as axes). */
export const AXIS_PATHS = [...SPEC_PATHS].filter((p) => !['name', 'tags', 'notes', 'data', 'training', 'data.xTrain', 'data.yTrain', 'data.xQuery', 'data.yTruth', 'data.source'].includes(p))

export function newAxis(path = 'sigma'): AxisDraft {
  return { path, kind: 'log', list: '', lo: '0.05', hi: '2', count: '8', distribution: 'loguniform', seed: '0' }
}

export function defaultDraft(base: unknown = { data: { preset: 'd2l-newest', seed: 0 }, kernel: 'gaussian' }): StudyDraft {
  return {
    name: 'σ by kernel',
    base: JSON.stringify(base, null, 2),
    axes: [{ ...newAxis('kernel'), kind: 'list', list: 'gaussian, boxcar, epanechnikov' }, newAxis('sigma')],
    replicates: '5',
    replicateSeeds: 'data',
  }
}

/** Splits a list field into values: a JSON array as is, else comma-separated tokens, each JSON if it parses. */
export function parseList(text: string): unknown[] {
  const t = text.trim()
  if (t.startsWith('[')) {
    const v = JSON.parse(t) as unknown
    if (!Array.isArray(v)) throw new InputError('is not a list')
    return v
  }
  const out: unknown[] = []
  let depth = 0
  let start = 0
  // Commas inside {...} belong to the value ({"rule": "loo-cv"}).
  for (let i = 0; i <= t.length; i++) {
    const c = t[i]
    if (c === '{' || c === '[') depth++
    else if (c === '}' || c === ']') depth--
    else if ((c === ',' && depth === 0) || i === t.length) {
      const token = t.slice(start, i).trim()
      start = i + 1
      if (!token) continue
      try {
        out.push(JSON.parse(token))
      } catch {
        out.push(token)
      }
    }
  }
  return out
}

function num(text: string, what: string): number {
  const v = Number(text.trim())
  if (text.trim() === '' || !Number.isFinite(v)) throw new InputError(`${what} must be a number`)
  return v
}

function axisOf(a: AxisDraft): Axis {
  const where = `axis "${a.path}"`
  if (a.kind === 'list') {
    const values = parseList(a.list)
    if (values.length === 0) throw new InputError(`${where} needs at least one value`)
    return values
  }
  const range: [number, number] = [num(a.lo, `${where}: from`), num(a.hi, `${where}: to`)]
  const count = num(a.count, `${where}: count`)
  if (a.kind === 'log') return { log: range, count }
  if (a.kind === 'linear') return { linear: range, count }
  return { random: a.distribution, range, count, seed: num(a.seed, `${where}: seed`) }
}

/** The study file the draft makes, or why it makes none. */
export function draftToStudy(d: StudyDraft): { study: StudyInput | null; error: string | null } {
  try {
    let base: unknown
    try {
      base = JSON.parse(d.base)
    } catch (e) {
      throw new InputError(`base: not valid JSON (${(e as Error).message.split('\n')[0]})`)
    }
    const axes: Record<string, Axis> = {}
    for (const a of d.axes) {
      if (a.path in axes) throw new InputError(`axis "${a.path}" appears twice`)
      axes[a.path] = axisOf(a)
    }
    const study = { name: d.name, base, axes, replicates: num(d.replicates, 'replicates'), replicateSeeds: d.replicateSeeds }
    const parsed = studySchema.safeParse(study)
    if (!parsed.success) throw new InputError(describeZodError(parsed.error))
    return { study: study as StudyInput, error: null }
  } catch (e) {
    return { study: null, error: (e as Error).message }
  }
}

/** Above this many cells the editor counts without validating every cell (the runner still checks them all). */
export const PREVIEW_VALIDATE_LIMIT = 20_000

export interface StudyPreview {
  cells: number
  runs: number
  /** Estimated wall time on `workers` threads, in ms. */
  estimatedMs: number | null
  error: string | null
}

export function previewStudy(input: StudyInput, workers: number): StudyPreview {
  try {
    const study = studySchema.parse(input)
    const count = cellCount(study)
    if (count > PREVIEW_VALIDATE_LIMIT) return { cells: count, runs: count * study.replicates, estimatedMs: null, error: null }
    const cells = enumerateCells(study)
    return { cells: cells.length, runs: cells.length * study.replicates, estimatedMs: estimateStudyMs(cells, study.replicates, workers), error: null }
  } catch (e) {
    return { cells: 0, runs: 0, estimatedMs: null, error: (e as Error).message }
  }
}

/** "about 40 s", "about 3 min", "about 2.5 h". */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '—'
  const s = ms / 1000
  if (s < 1) return 'under a second'
  if (s < 90) return `about ${Math.ceil(s)} s`
  if (s < 90 * 60) return `about ${Math.round(s / 60)} min`
  return `about ${(s / 3600).toFixed(1)} h`
}

/** A stored study file back into the editor (to extend or re-run it under another name). */
export function draftFromStudy(study: StudyInput): StudyDraft {
  const axes = Object.entries(study.axes ?? {}).map(([path, axis]): AxisDraft => {
    const a = newAxis(path)
    if (Array.isArray(axis)) return { ...a, kind: 'list', list: axis.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ') }
    if ('log' in axis) return { ...a, kind: 'log', lo: String(axis.log[0]), hi: String(axis.log[1]), count: String(axis.count) }
    if ('linear' in axis) return { ...a, kind: 'linear', lo: String(axis.linear[0]), hi: String(axis.linear[1]), count: String(axis.count) }
    return { ...a, kind: 'random', distribution: axis.random, lo: String(axis.range[0]), hi: String(axis.range[1]), count: String(axis.count), seed: String(axis.seed) }
  })
  return { name: study.name, base: JSON.stringify(study.base, null, 2), axes, replicates: String(study.replicates ?? 1), replicateSeeds: study.replicateSeeds ?? 'data' }
}
