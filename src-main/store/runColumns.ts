import { createHash } from 'node:crypto'
import type { BundleResult } from '../../src-shared/api/bundle'
import type { RunVectorInfo } from '../../src-shared/api/vectorRuns'
import { isComplete } from '../../src-shared/experiment/metrics'
import type { ExperimentOutcome } from '../../src-shared/experiment/execute'
import { describeData, type NormalizedSpec } from '../../src-shared/experiment/normalize'
import { inlineVectorForStorage } from '../../src-shared/experiment/vectorData'
import { vectorInfoOfSpec } from '../../src-shared/experiment/vectorInfo'
import { isVectorData } from '../../src-shared/api/vectorSpec'

/**
 * How a run's spec and result become columns of the runs table: one
 * mapping, used when a run is created or finishes and when a bundle is
 * imported, so the table and the exchange format cannot drift apart.
 */

/** The spec as stored: inline data arrays live in run_arrays, not in the JSON. */
export function specForStorage(spec: NormalizedSpec): unknown {
  if ('features' in spec.data && 'xTrain' in spec.data) return { ...spec, data: inlineVectorForStorage(spec.data).marker }
  if ('xTrain' in spec.data) {
    const { source } = spec.data
    return { ...spec, data: { inline: true, ...(source ? { source } : {}) } }
  }
  return spec
}

/** JSON with object keys sorted at every level, so equal specs give equal text. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  )
}

/**
 * A fingerprint of what a run computes: the normalised spec (inline data
 * included) without its name, tags and notes. Two runs with the same hash
 * and app version compute the same numbers.
 */
export function specHash(spec: NormalizedSpec): string {
  const { name: _name, tags: _tags, notes: _notes, ...what } = spec
  return createHash('sha256').update(canonicalJson(what)).digest('hex')
}

/** The columns a spec decides, for a new run. */
export function specColumns(spec: NormalizedSpec) {
  const info = describeData(spec.data)
  const t = spec.training
  return {
    name: spec.name,
    mode: spec.mode,
    kernel: spec.kernel,
    // A trained vector run learns its widths: the spec's σ (a default) is no width of it, queued, running or cancelled.
    sigma: trainsWidths(spec) ? null : typeof spec.sigma === 'number' ? spec.sigma : Array.isArray(spec.sigma) && spec.sigma.length === 1 ? spec.sigma[0]! : null,
    sigma_rule: typeof spec.sigma === 'number' || Array.isArray(spec.sigma) ? null : spec.sigma.rule,
    vector_json: vectorJson(vectorInfoOfSpec(spec)),
    data_kind: info.kind,
    data_label: info.label,
    seed: info.seed,
    n_train: info.nTrain,
    n_query: info.nQuery,
    has_truth: info.hasTruth ? 1 : 0,
    spec_json: JSON.stringify(specForStorage(spec)),
    spec_hash: specHash(spec),
    w0_spec: t ? String(t.w0) : null,
    lr: t?.lr ?? null,
    epochs: t?.epochs ?? null,
    loss: t?.loss ?? null,
    loo: t ? (t.loo ? 1 : 0) : null,
    batch_size: t?.batchSize ?? null,
    train_seed: t?.seed ?? null,
    notes: spec.notes,
  }
}

function trainsWidths(spec: NormalizedSpec): boolean {
  return spec.mode === 'parametric' && isVectorData(spec.data)
}

function vectorJson(info: RunVectorInfo | null | undefined): string | null {
  return info ? JSON.stringify(info) : null
}

/** What a finished experiment reports, in the exchange format's terms. */
export function resultOf(o: ExperimentOutcome): BundleResult {
  return {
    sigma: o.sigma,
    sigmaEff: sigmaEffOf(o.w),
    w0: o.w0,
    w: o.w,
    baseline: o.baseline,
    metrics: { trainLoss: o.metrics.trainLoss, trainMse: o.metrics.trainMse, testMse: o.metrics.testMse, looScore: o.metrics.looScore },
    coverage: o.metrics.coverage,
    epochsDone: o.vector?.widthCurve ? o.vector.widthCurve.loss.length : o.epochs.length,
    undefinedQueries: o.undefinedQueries,
    fit: o.fit,
    ...(o.vector ? { vector: o.vector.info } : {}),
  }
}

/** 1/|w|, the Gaussian bandwidth a trained model effectively uses (null for no w, or w = 0: every key alike). */
export function sigmaEffOf(w: number | null): number | null {
  if (w === null) return null
  const s = 1 / Math.abs(w)
  return Number.isFinite(s) ? s : null
}

/** The columns a result decides. */
export function resultColumns(r: BundleResult) {
  return {
    sigma: r.sigma,
    sigma_eff: r.sigmaEff,
    w0: r.w0,
    learned_w: r.w,
    baseline: r.baseline,
    train_loss: r.metrics.trainLoss,
    train_mse: r.metrics.trainMse,
    test_mse: r.metrics.testMse,
    loo_score: r.metrics.looScore,
    train_loss_covered: r.coverage.trainLoss?.covered ?? null,
    train_mse_covered: r.coverage.trainMse?.covered ?? null,
    test_mse_covered: r.coverage.testMse?.covered ?? null,
    loo_score_covered: r.coverage.looScore?.covered ?? null,
    complete: isComplete(r.coverage) && classCoverageComplete(r.vector ?? null) ? 1 : 0,
    epochs_done: r.epochsDone,
    undefined_queries: JSON.stringify(r.undefinedQueries),
    fit_algorithm: r.fit?.algorithm ?? null,
    fit_error_bound: r.fit?.errorBound ?? null,
    // A one-dimensional result leaves the column as the spec set it (null).
    ...(r.vector ? { vector_json: vectorJson(r.vector) } : {}),
  }
}

/** Whether every classification metric a vector run computed covers all its queries or points. */
function classCoverageComplete(v: RunVectorInfo | null): boolean {
  if (!v?.classCoverage) return true
  return Object.values(v.classCoverage).every((c) => c === null || c.covered === c.total)
}

/** Named SQL parameters as an INSERT's column and value lists, or an UPDATE's assignments. */
export function insertSql(table: string, columns: Record<string, unknown>): string {
  const names = Object.keys(columns)
  return `INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map((c) => `@${c}`).join(', ')})`
}

export function updateSql(table: string, columns: Record<string, unknown>, where: string): string {
  return `UPDATE ${table} SET ${Object.keys(columns)
    .map((c) => `${c} = @${c}`)
    .join(', ')} WHERE ${where}`
}
