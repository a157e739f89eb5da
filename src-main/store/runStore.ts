import type { Statement } from 'better-sqlite3'
import type { AnyBundle, Bundle, BundleArrayName } from '../../src-shared/api/bundle'
import type { ApiParsedRequest } from '../../src-shared/api/contract'
import type { RunArrays, RunDetail, RunError, RunPage, RunSummary } from '../../src-shared/api/runs'
import type { EpochRecord } from '../../src-shared/engine/sgd'
import type { WidthEpochRecord } from '../../src-shared/engine/vectorTrain'
import type { ExperimentOutcome } from '../../src-shared/experiment/execute'
import { isWidthRecords, type PartialOutcome, type TrainingRecord } from '../../src-shared/experiment/outcome'
import type { NormalizedSpec } from '../../src-shared/experiment/normalize'
import { decodeFloat64, encodeFloat64 } from './blobs'
import { checkBundle, makeBundle, toBundleRun } from './bundle'
import type { Db } from './database'
import { appendEpochChunk, freshEpochs, lastEpoch, readEpochs } from './epochChunks'
import { NotFoundError } from './errors'
import { buildListQuery, FEW_OUTSIDE_STUDIES } from './listQuery'
import { insertSql, resultColumns, resultOf, sigmaEffOf, specColumns, specHash, updateSql } from './runColumns'
import { rowToSummary, SUMMARY_COLUMNS, type RunRow } from './runRows'
import { inlineVectorForStorage, inlineVectorFromStorage } from '../../src-shared/experiment/vectorData'
import { vectorInfoOfSpec } from '../../src-shared/experiment/vectorInfo'

/** A page request; incomplete runs sort last unless `sort.incompleteLast` is false. */
export type ListRequest = Omit<ApiParsedRequest<'listExperiments'>, 'sort'> & {
  sort: Omit<ApiParsedRequest<'listExperiments'>['sort'], 'incompleteLast'> & { incompleteLast?: boolean }
}
import { StudyStore } from './studyStore'
import type { RunOrigin, RunWrites } from './runWrites'

/** Prepared statements kept at once. */
export const MAX_CACHED_STATEMENTS = 256

/** Names of the arrays a run keeps in run_arrays (its training curve is in run_epochs). */
export type ArrayName = 'xTrain' | 'yTrain' | 'xQuery' | 'yTruth' | 'yHat' | 'yHatNonparametric' | 'batchLoss' | 'classScores' | 'bandLower' | 'bandUpper' | 'widthLoss' | 'widthW'

/** Every array a run may keep, in the order exports list them. */
export const ARRAY_NAMES: readonly ArrayName[] = ['xTrain', 'yTrain', 'xQuery', 'yTruth', 'yHat', 'yHatNonparametric', 'batchLoss', 'classScores', 'bandLower', 'bandUpper', 'widthLoss', 'widthW']

/** A run detail's arrays are thinned beyond this many points (the full arrays come a page at a time). */
export const DETAIL_MAX_POINTS = 100_000

export type { RunOrigin } from './runWrites'

/**
 * Runs in SQLite. Every write that makes a run whole (its outcome and all
 * its arrays) is one transaction, so a crash leaves either the old row or
 * the complete new one; a training curve is appended in chunks while the
 * run trains, so a crash keeps what was written. Only this class holds the
 * database handle.
 */
export class RunStore implements RunWrites {
  private readonly statements = new Map<string, Statement<unknown[]>>()
  private readonly prepare = (sql: string) => this.stmt(sql)
  /** Studies and their runs' links, on this store's database (issue 14). */
  readonly studies: StudyStore

  constructor(
    private readonly db: Db,
    private readonly appVersion: string,
    /** Identifies this process, so another process's running runs are not mistaken for dead ones. */
    private readonly owner: string,
  ) {
    this.studies = new StudyStore(db, this, owner)
  }

  /**
   * A prepared statement for `sql`, cached. The cache is bounded (least
   * recently used goes first): SQL texts are few by construction (see
   * listQuery.ts), but a bound keeps a bug there from growing memory forever.
   */
  private stmt(sql: string) {
    let s = this.statements.get(sql)
    if (s) {
      // Re-inserted: a Map iterates in insertion order, so the first key is the least recently used.
      this.statements.delete(sql)
    } else {
      s = this.db.prepare<unknown[]>(sql)
      if (this.statements.size >= MAX_CACHED_STATEMENTS) this.statements.delete(this.statements.keys().next().value!)
    }
    this.statements.set(sql, s)
    return s
  }

  /**
   * How long a write waits inside SQLite for another connection's lock
   * before it fails with SQLITE_BUSY. The main thread sets 0 and retries
   * later (busy.ts), so it keeps serving in between.
   */
  setLockWait(ms: number): void {
    this.db.pragma(`busy_timeout = ${Math.max(0, Math.floor(ms))}`)
  }

  /** Prepared statements in the cache (for tests of its bound). */
  get cachedStatements(): number {
    return this.statements.size
  }

  private putArray(id: string, name: ArrayName, values: ArrayLike<number>): void {
    this.stmt('INSERT OR REPLACE INTO run_arrays (run_id, name, data) VALUES (?, ?, ?)').run(id, name, encodeFloat64(values))
  }

  private putTags(id: string, tags: readonly string[]): void {
    for (const tag of tags) this.stmt('INSERT OR IGNORE INTO run_tags (run_id, tag) VALUES (?, ?)').run(id, tag)
  }

  /** Inserts a queued run; imported data are stored now, so a crash before the run ends loses nothing given. */
  createQueued(id: string, spec: NormalizedSpec, createdAt: number, origin: RunOrigin = {}): RunSummary {
    this.db.transaction(() => {
      this.insertRun(id, spec, createdAt, origin, { status: 'queued' })
      if ('features' in spec.data && 'xTrain' in spec.data) {
        const { arrays } = inlineVectorForStorage(spec.data)
        this.putArray(id, 'xTrain', arrays.xTrain)
        this.putArray(id, 'yTrain', arrays.yTrain)
        this.putArray(id, 'xQuery', arrays.xQuery)
        if (arrays.yTruth) this.putArray(id, 'yTruth', arrays.yTruth)
      } else if ('xTrain' in spec.data) {
        this.putArray(id, 'xTrain', spec.data.xTrain)
        this.putArray(id, 'yTrain', spec.data.yTrain)
        this.putArray(id, 'xQuery', spec.data.xQuery)
        if (spec.data.yTruth) this.putArray(id, 'yTruth', spec.data.yTruth)
      }
    })()
    return this.summary(id)
  }

  /**
   * Inserts a run computed elsewhere (a study's chunk) as it ended, in one
   * row write: every order index gets its entry once, where queued, running
   * and done one after the other would rewrite most of them twice.
   */
  insertDone(id: string, spec: NormalizedSpec, o: ExperimentOutcome, at: { createdAt: number; startedAt: number; finishedAt: number }, origin: RunOrigin = {}): void {
    this.db.transaction(() => {
      this.insertRun(id, spec, at.createdAt, origin, { started_at: at.startedAt, ...this.outcomeColumns(o, at.finishedAt) })
      this.putOutcome(id, o, 0)
    })()
  }

  private insertRun(id: string, spec: NormalizedSpec, createdAt: number, origin: RunOrigin, state: Record<string, unknown>): void {
    const study = origin.study ? { study_id: origin.study.id, cell_key: origin.study.cellKey, replicate: origin.study.replicate } : {}
    const row = { id, created_at: createdAt, app_version: this.appVersion, owner: this.owner, parent_id: origin.parentId ?? null, ...study, ...specColumns(spec), ...state }
    this.stmt(insertSql('runs', row)).run(row)
    this.putTags(id, spec.tags)
  }

  /**
   * `base` if no run has that name, else the first of "base (2)", "base (3)",
   * ... that is free: names the app makes up never repeat (a user may still
   * give two runs one name on purpose).
   */
  uniqueName(base: string): string {
    const taken = new Set(
      (this.stmt(`SELECT name FROM runs WHERE name = ? OR name LIKE ? ESCAPE '\\'`).all(base, `${base.replace(/[\\%_]/g, (c) => `\\${c}`)} (%)`) as { name: string }[]).map(
        (r) => r.name,
      ),
    )
    if (!taken.has(base)) return base
    for (let k = 2; ; k++) if (!taken.has(`${base} (${k})`)) return `${base} (${k})`
  }

  markRunning(id: string, startedAt: number): void {
    this.stmt(`UPDATE runs SET status = 'running', started_at = ? WHERE id = ? AND status = 'queued'`).run(startedAt, id)
  }

  /**
   * Appends training epochs as they come (those already stored are skipped),
   * with the run's w so far: a crash keeps the curve and the last w.
   */
  appendEpochs(id: string, records: readonly TrainingRecord[], w0: number | null): number {
    if (isWidthRecords(records)) return this.appendWidthEpochs(id, records)
    const scalar = records as readonly EpochRecord[]
    return this.db.transaction(() => {
      const stored = (this.stmt('SELECT epochs_done FROM runs WHERE id = ?').get(id) as { epochs_done: number } | undefined)?.epochs_done ?? 0
      const added = appendEpochChunk(this.prepare, id, stored, scalar)
      if (added > 0) {
        const w = scalar[scalar.length - 1]!.w
        this.stmt('UPDATE runs SET epochs_done = ?, learned_w = ?, sigma_eff = ?, w0 = COALESCE(?, w0) WHERE id = ?').run(stored + added, w, sigmaEffOf(w), w0, id)
      }
      return added
    })()
  }

  /**
   * A width vector's epochs (a parametric vector run), appended to the
   * widthLoss and widthW arrays a finished run keeps (those already stored
   * are skipped): the run's curve grows in the store as it trains, and a
   * cancel or a crash keeps it, bit for bit. Its learned w stays out of the
   * scalar columns (learned_w, sigma_eff), which a width vector has not.
   */
  private appendWidthEpochs(id: string, records: readonly WidthEpochRecord[]): number {
    return this.db.transaction(() => {
      const stored = (this.stmt('SELECT epochs_done FROM runs WHERE id = ?').get(id) as { epochs_done: number } | undefined)?.epochs_done ?? 0
      const fresh = freshEpochs(records, stored)
      if (fresh.length === 0) return 0
      const d = fresh[0]!.w.length
      const w = new Float64Array(fresh.length * d)
      fresh.forEach((r, k) => w.set(r.w, k * d))
      // Joined here, not with SQL's ||, which joins text: a blob with a zero byte would come back cut short.
      const before = this.arrays(id, ['widthLoss', 'widthW'])
      const joined = (old: Float64Array | undefined, added: Float64Array) => {
        if (!old) return added
        const out = new Float64Array(old.length + added.length)
        out.set(old)
        out.set(added, old.length)
        return out
      }
      this.putArray(id, 'widthLoss', joined(before.widthLoss, Float64Array.from(fresh, (r) => r.loss)))
      this.putArray(id, 'widthW', joined(before.widthW, w))
      this.stmt('UPDATE runs SET epochs_done = ? WHERE id = ?').run(stored + fresh.length, id)
      return fresh.length
    })()
  }

  /** Writes a finished run and all its arrays in one transaction (epochs not yet appended included). */
  saveOutcome(id: string, o: ExperimentOutcome, finishedAt: number): RunSummary {
    this.db.transaction(() => {
      const stored = (this.stmt('SELECT epochs_done FROM runs WHERE id = ?').get(id) as { epochs_done: number } | undefined)?.epochs_done ?? 0
      const columns = this.outcomeColumns(o, finishedAt)
      this.stmt(updateSql('runs', columns, 'id = @id')).run({ ...columns, id })
      this.putOutcome(id, o, stored)
    })()
    return this.summary(id)
  }

  /** The columns a finished run's outcome decides. */
  private outcomeColumns(o: ExperimentOutcome, finishedAt: number) {
    // Vector inputs are rows of d numbers.
    const d = o.vector?.info.d ?? 1
    return {
      status: 'done',
      finished_at: finishedAt,
      error_name: null,
      error_message: null,
      n_train: o.dataset.xTrain.length / d,
      n_query: o.dataset.xQuery.length / d,
      has_truth: o.dataset.yTruth ? 1 : 0,
      ...resultColumns(resultOf(o)),
    }
  }

  /** A finished run's epochs beyond the `stored` ones, and its arrays. */
  private putOutcome(id: string, o: ExperimentOutcome, stored: number): void {
    appendEpochChunk(this.prepare, id, stored, o.epochs)
    this.putArray(id, 'xTrain', o.dataset.xTrain)
    this.putArray(id, 'yTrain', o.dataset.yTrain)
    this.putArray(id, 'xQuery', o.dataset.xQuery)
    if (o.dataset.yTruth) this.putArray(id, 'yTruth', o.dataset.yTruth)
    this.putArray(id, 'yHat', o.yHat)
    if (o.yHatNonparametric) this.putArray(id, 'yHatNonparametric', o.yHatNonparametric)
    if (o.batchLoss) this.putArray(id, 'batchLoss', o.batchLoss)
    if (o.vector?.classScores) this.putArray(id, 'classScores', o.vector.classScores)
    if (o.vector?.bandLower) this.putArray(id, 'bandLower', o.vector.bandLower)
    if (o.vector?.bandUpper) this.putArray(id, 'bandUpper', o.vector.bandUpper)
    if (o.vector?.widthCurve) {
      this.putArray(id, 'widthLoss', o.vector.widthCurve.loss)
      this.putArray(id, 'widthW', o.vector.widthCurve.w)
    }
  }

  /**
   * Ends a run that did not finish (cancelled or failed), keeping what it
   * had: the epochs appended so far and any given here, and its last w.
   */
  saveStopped(
    id: string,
    status: 'cancelled' | 'failed',
    error: RunError | null,
    finishedAt: number,
    partial: { epochs: readonly TrainingRecord[]; w0: number | null; learned?: PartialOutcome['learned'] } = { epochs: [], w0: null },
  ): RunSummary {
    this.db.transaction(() => {
      this.appendEpochs(id, partial.epochs, partial.w0)
      // A width vector trained part way: its last w is what the run learned (the widths it implies are not computed).
      if (partial.learned) this.stmt(`UPDATE runs SET vector_json = json_set(vector_json, '$.learned', json(?)) WHERE id = ? AND vector_json IS NOT NULL`).run(JSON.stringify(partial.learned), id)
      this.stmt(
        `UPDATE runs SET status = @status, finished_at = @finished_at, error_name = @error_name, error_message = @error_message, w0 = COALESCE(@w0, w0)
         WHERE id = @id`,
      ).run({ id, status, finished_at: finishedAt, error_name: error?.name ?? null, error_message: error?.message ?? null, w0: partial.w0 })
    })()
    return this.summary(id)
  }

  /**
   * Marks runs left queued or running by a process that is gone as
   * interrupted, keeping the epochs they had appended. Runs owned by a live
   * process (another window or a CLI run on the same database) are left alone.
   */
  markInterrupted(now: number, isAlive: (owner: string | null) => boolean): string[] {
    const stale = (this.stmt(`SELECT id, owner, status, epochs_done FROM runs WHERE status IN ('queued', 'running')`).all() as {
      id: string
      owner: string | null
      status: string
      epochs_done: number
    }[]).filter((r) => r.owner !== this.owner && !isAlive(r.owner))
    const update = this.stmt(`UPDATE runs SET status = 'interrupted', finished_at = ?, error_name = 'Interrupted', error_message = ? WHERE id = ?`)
    this.db.transaction(() => {
      for (const r of stale) {
        const kept =
          r.epochs_done > 0
            ? `its spec and the ${r.epochs_done} epoch${r.epochs_done === 1 ? '' : 's'} trained by then (with their last w) were saved`
            : 'nothing of it was saved but its spec'
        update.run(now, `the app stopped while this run was ${r.status}; ${kept}`, r.id)
      }
    })()
    return stale.map((r) => r.id)
  }

  private row(id: string, includeDeleted = false): RunRow {
    const row = this.stmt(`SELECT * FROM runs WHERE id = ?`).get(id) as RunRow | undefined
    if (!row || (row.deleted_at !== null && !includeDeleted)) throw new NotFoundError(`no run with id ${id}`)
    return row
  }

  private tagsOf(id: string): string[] {
    return (this.stmt('SELECT tag FROM run_tags WHERE run_id = ? ORDER BY tag').all(id) as { tag: string }[]).map((r) => r.tag)
  }

  summary(id: string): RunSummary {
    return rowToSummary(this.row(id), this.tagsOf(id))
  }

  /** The normalised spec as stored, with inline data put back from its arrays (for re-running). */
  spec(id: string): NormalizedSpec {
    const row = this.row(id)
    const spec = JSON.parse(row.spec_json) as NormalizedSpec & { data: { inline?: boolean; source?: string } }
    const marker = spec.data as { inline?: boolean; features?: unknown }
    if (marker.inline && marker.features) {
      const a = this.arrays(id, ['xTrain', 'yTrain', 'xQuery', 'yTruth'])
      spec.data = inlineVectorFromStorage(marker, { xTrain: a.xTrain!, yTrain: a.yTrain!, xQuery: a.xQuery!, yTruth: a.yTruth ?? null }) as unknown as NormalizedSpec['data']
    } else if (marker.inline) {
      const a = this.arrays(id, ['xTrain', 'yTrain', 'xQuery', 'yTruth'])
      spec.data = {
        xTrain: Array.from(a.xTrain!),
        yTrain: Array.from(a.yTrain!),
        xQuery: Array.from(a.xQuery!),
        yTruth: a.yTruth ? Array.from(a.yTruth) : null,
        ...(spec.data.source ? { source: spec.data.source } : {}),
      }
    }
    return spec
  }

  /** The named arrays of a run, and only those: a heatmap must not pay for reading predictions or curves. */
  arrays(id: string, names: readonly ArrayName[]): Partial<Record<ArrayName, Float64Array>> {
    const out: Partial<Record<ArrayName, Float64Array>> = {}
    if (names.length === 0) return out
    // One statement for any list of names: the names go in as one bound JSON array.
    const rows = this.stmt('SELECT name, data FROM run_arrays WHERE run_id = ? AND name IN (SELECT value FROM json_each(?))').all(id, JSON.stringify(names)) as {
      name: ArrayName
      data: Buffer
    }[]
    for (const r of rows) out[r.name] = decodeFloat64(r.data)
    return out
  }

  /** `limit` values of one array from `offset` on (large arrays travel a page at a time); null where undefined. */
  arrayPage(id: string, name: ArrayName, offset: number, limit: number): { values: (number | null)[]; total: number } {
    this.row(id)
    const r = this.stmt('SELECT length(data) / 8 AS total, substr(data, ?, ?) AS part FROM run_arrays WHERE run_id = ? AND name = ?').get(offset * 8 + 1, limit * 8, id, name) as
      | { total: number; part: Buffer }
      | undefined
    if (!r) throw new NotFoundError(`run ${id} has no array ${name}`)
    return { values: Array.from(decodeFloat64(r.part), (x) => (Number.isNaN(x) ? null : x)), total: r.total }
  }

  /** Per-batch losses of a minibatch run (d2l's trainer board), or null. */
  batchLoss(id: string): number[] | null {
    const a = this.arrays(id, ['batchLoss']).batchLoss
    return a ? Array.from(a) : null
  }

  /** A parametric vector run's training curve (loss, and w after each epoch), or null. */
  widthEpochs(id: string, d: number): WidthEpochRecord[] | null {
    const a = this.arrays(id, ['widthLoss', 'widthW'])
    if (!a.widthLoss || !a.widthW) return null
    const w = a.widthW
    return Array.from(a.widthLoss, (loss, k) => ({ epoch: k + 1, loss, w: Array.from(w.subarray(k * d, (k + 1) * d)) }))
  }

  epochs(id: string): EpochRecord[] {
    return readEpochs(this.prepare, id)
  }

  /** The last epoch stored (a crash or a cancel keeps it), or null. */
  lastEpoch(id: string): EpochRecord | null {
    return lastEpoch(this.prepare, id)
  }

  /** Runs that re-run this one. */
  private reruns(id: string): { id: string; name: string }[] {
    return this.stmt('SELECT id, name FROM runs WHERE parent_id = ? AND deleted_at IS NULL ORDER BY created_at').all(id) as { id: string; name: string }[]
  }

  /**
   * The whole run; arrays as JSON-ready numbers (NaN, an undefined estimate,
   * as null): none, thinned beyond DETAIL_MAX_POINTS for display (the app),
   * or every value (the command line's show and export).
   */
  detail(id: string, arrays: false | 'display' | 'full'): RunDetail {
    const row = this.row(id)
    const summary = rowToSummary(row, this.tagsOf(id))
    const parent = row.parent_id ? (this.stmt('SELECT id, name FROM runs WHERE id = ?').get(row.parent_id) as { id: string; name: string } | undefined) : undefined
    const detail: RunDetail = {
      ...summary,
      spec: JSON.parse(row.spec_json) as unknown,
      epochs: this.epochs(id),
      ...(summary.vector ? { widthEpochs: this.widthEpochs(id, summary.vector.d) } : {}),
      batchLoss: this.batchLoss(id),
      undefinedQueries: JSON.parse(row.undefined_queries) as number[],
      parent: parent ?? null,
      reruns: this.reruns(id),
      arrays: null,
    }
    if (arrays) detail.arrays = this.detailArrays(id, row.baseline, arrays === 'full' ? Infinity : DETAIL_MAX_POINTS, summary.vector)
    return detail
  }

  private detailArrays(id: string, baseline: number | null, maxPoints: number, vector: RunSummary['vector']): RunArrays {
    const a = this.arrays(id, vector ? ['xTrain', 'yTrain', 'xQuery', 'yTruth', 'yHat', 'classScores', 'bandLower', 'bandUpper'] : ['xTrain', 'yTrain', 'xQuery', 'yTruth', 'yHat', 'yHatNonparametric'])
    // Vector inputs are rows of d numbers and class scores rows of classCount: thinning keeps whole rows.
    const d = vector?.d ?? 1
    const c = vector?.classCount ?? 1
    const trainStep = Math.max(1, Math.ceil((a.xTrain?.length ?? 0) / d / maxPoints))
    const queryStep = Math.max(1, Math.ceil((a.xQuery?.length ?? 0) / d / maxPoints))
    const pick = (v: Float64Array | undefined, step: number, nullable: boolean, width = 1) => {
      if (!v) return null
      const out: (number | null)[] = []
      for (let r = 0; r * width < v.length; r += step) {
        for (let k = r * width; k < (r + 1) * width; k++) out.push(nullable && Number.isNaN(v[k]!) ? null : v[k]!)
      }
      return out
    }
    return {
      xTrain: (pick(a.xTrain, trainStep, false, d) as number[] | null) ?? [],
      yTrain: (pick(a.yTrain, trainStep, false) as number[] | null) ?? [],
      xQuery: (pick(a.xQuery, queryStep, false, d) as number[] | null) ?? [],
      yTruth: pick(a.yTruth, queryStep, false) as number[] | null,
      yHat: pick(a.yHat, queryStep, true),
      yHatNonparametric: pick(a.yHatNonparametric, queryStep, true),
      baseline: baseline ?? (a.yTrain && vector?.task !== 'classification' ? mean(a.yTrain) : null),
      thinned: trainStep > 1 || queryStep > 1 ? { trainEvery: trainStep, queryEvery: queryStep } : null,
      ...(vector ? { classScores: pick(a.classScores, queryStep, true, c), bandLower: pick(a.bandLower, queryStep, true), bandUpper: pick(a.bandUpper, queryStep, true) } : {}),
    }
  }

  /**
   * A page of runs in any order the library offers. Each order has an index
   * (migration 6) that SQLite walks to the offset without reading a row.
   */
  list(req: ListRequest): RunPage {
    const q = buildListQuery(req.filter, req.sort, req.filter.studyId === null && this.fewOutsideStudies())
    const total = (this.stmt(`SELECT COUNT(*) AS n FROM runs ${q.where}`).get(q.params) as { n: number }).n
    const rows = this.stmt(`SELECT ${SUMMARY_COLUMNS} FROM runs ${q.where} ${q.orderBy} LIMIT @limit OFFSET @offset`).all({
      ...q.params,
      limit: req.limit,
      offset: req.offset,
    }) as RunRow[]
    const tags = new Map<string, string[]>()
    if (rows.length > 0) {
      const ids = JSON.stringify(rows.map((r) => r.id))
      const tagRows = this.stmt('SELECT run_id, tag FROM run_tags WHERE run_id IN (SELECT value FROM json_each(?)) ORDER BY tag').all(ids) as {
        run_id: string
        tag: string
      }[]
      for (const t of tagRows) {
        const list = tags.get(t.run_id)
        if (list) list.push(t.tag)
        else tags.set(t.run_id, [t.tag])
      }
    }
    return { runs: rows.map((r) => rowToSummary(r, tags.get(r.id) ?? [])), total, offset: req.offset, limit: req.limit }
  }

  /** Whether at most FEW_OUTSIDE_STUDIES runs are in no study: a look at no more index entries than that. */
  private fewOutsideStudies(): boolean {
    const r = this.stmt('SELECT COUNT(*) AS n FROM (SELECT 1 FROM runs INDEXED BY runs_by_study WHERE study_id IS NULL LIMIT ?)').get(FEW_OUTSIDE_STUDIES + 1) as { n: number }
    return r.n <= FEW_OUTSIDE_STUDIES
  }

  /** Tags in use that start with `prefix` (case-insensitive), most used first, with their counts. */
  tagsStartingWith(prefix: string, limit: number): { tag: string; runs: number }[] {
    return this.stmt(
      `SELECT t.tag AS tag, COUNT(*) AS runs FROM run_tags t JOIN runs r ON r.id = t.run_id
       WHERE r.deleted_at IS NULL AND t.tag LIKE ? ESCAPE '\\' GROUP BY t.tag ORDER BY runs DESC, t.tag LIMIT ?`,
    ).all(`${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`, limit) as { tag: string; runs: number }[]
  }

  rename(id: string, name: string): RunSummary {
    this.row(id)
    this.stmt('UPDATE runs SET name = ? WHERE id = ?').run(name, id)
    return this.summary(id)
  }

  tag(id: string, add: string[], remove: string[]): RunSummary {
    this.row(id)
    this.db.transaction(() => {
      for (const t of remove) this.stmt('DELETE FROM run_tags WHERE run_id = ? AND tag = ?').run(id, t)
      this.putTags(id, add)
    })()
    return this.summary(id)
  }

  annotate(id: string, notes: string): RunSummary {
    this.row(id)
    this.stmt('UPDATE runs SET notes = ? WHERE id = ?').run(notes, id)
    return this.summary(id)
  }

  /** Hides runs (undoable with restore); purge removes them for good. */
  softDelete(ids: string[], now: number): number {
    const stmt = this.stmt('UPDATE runs SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL')
    return this.db.transaction(() => ids.reduce((n, id) => n + stmt.run(now, id).changes, 0))()
  }

  restore(ids: string[]): number {
    const stmt = this.stmt('UPDATE runs SET deleted_at = NULL WHERE id = ? AND deleted_at IS NOT NULL')
    return this.db.transaction(() => ids.reduce((n, id) => n + stmt.run(id).changes, 0))()
  }

  /** Removes runs for good, with their tags, arrays and curves (by cascade). */
  purge(ids: string[]): number {
    const stmt = this.stmt('DELETE FROM runs WHERE id = ?')
    return this.db.transaction(() => ids.reduce((n, id) => n + stmt.run(id).changes, 0))()
  }

  /** Removes runs deleted before `before` (and their tags, arrays and curves, by cascade). */
  purgeDeleted(before: number): number {
    return this.stmt('DELETE FROM runs WHERE deleted_at IS NOT NULL AND deleted_at < ?').run(before).changes
  }

  /** The one run whose id starts with `prefix` (the CLI accepts unique prefixes, as git does). */
  resolveId(prefix: string): string {
    const rows = this.stmt(`SELECT id FROM runs WHERE id LIKE ? ESCAPE '\\' AND deleted_at IS NULL LIMIT 2`).all(prefix.replace(/[\\%_]/g, (c) => `\\${c}`) + '%') as { id: string }[]
    if (rows.length === 0) throw new NotFoundError(`no run with id ${prefix}`)
    if (rows.length > 1) throw new NotFoundError(`run id ${prefix} is ambiguous; give more characters`)
    return rows[0]!.id
  }

  /**
   * A finished run this version made from the same spec (name, tags and
   * notes aside), the newest, or null: what "reproduce" can show again
   * instead of computing it anew.
   */
  findSameRun(spec: NormalizedSpec): string | null {
    const r = this.stmt(
      `SELECT id FROM runs WHERE spec_hash = ? AND app_version = ? AND status = 'done' AND deleted_at IS NULL ORDER BY created_at DESC LIMIT 1`,
    ).get(specHash(spec), this.appVersion) as { id: string } | undefined
    return r?.id ?? null
  }

  /** The runs with these ids as a bundle (deleted runs included only if asked by id). */
  exportBundle(ids: string[], now: number): Bundle {
    const names: BundleArrayName[] = [...ARRAY_NAMES]
    const runs = ids.map((id) => {
      const row = this.row(id, true)
      return toBundleRun({
        summary: rowToSummary(row, this.tagsOf(id)),
        spec: JSON.parse(row.spec_json) as Record<string, unknown>,
        undefinedQueries: JSON.parse(row.undefined_queries) as number[],
        baseline: row.baseline,
        epochs: this.epochs(id),
        arrays: this.arrays(id, names as ArrayName[]),
      })
    })
    return makeBundle(runs, this.appVersion, now)
  }

  /**
   * Adds a bundle's runs, all in one transaction, after checking every one
   * (a bad run refuses the whole bundle and writes nothing). A run whose id
   * is already here is skipped (importing twice changes nothing), or
   * restored if it had been deleted; a run that was still queued or running
   * when exported comes back as interrupted.
   */
  importBundle(bundle: AnyBundle, owner: string): { imported: string[]; skipped: string[] } {
    const checked = checkBundle(bundle)
    const imported: string[] = []
    const skipped: string[] = []
    this.db.transaction(() => {
      for (const { run: r, spec, arrays } of checked) {
        const here = this.stmt('SELECT deleted_at FROM runs WHERE id = ?').get(r.id) as { deleted_at: number | null } | undefined
        if (here) {
          // The same run (ids are random): a deleted copy comes back rather than staying invisible.
          if (here.deleted_at !== null) {
            this.stmt('UPDATE runs SET deleted_at = NULL WHERE id = ?').run(r.id)
            imported.push(r.id)
          } else {
            skipped.push(r.id)
          }
          continue
        }
        const unfinished = r.status === 'queued' || r.status === 'running'
        const parentHere = r.parentId !== null && this.stmt('SELECT 1 FROM runs WHERE id = ?').get(r.parentId) !== undefined
        const result = resultColumns(r.result)
        // Vector inputs are rows of d numbers (checkBundleRun has checked the lengths).
        const d = r.result.vector?.d ?? vectorInfoOfSpec(spec)?.d ?? 1
        const row = {
          id: r.id,
          created_at: r.createdAt,
          started_at: r.startedAt,
          finished_at: r.finishedAt,
          status: unfinished ? 'interrupted' : r.status,
          error_name: unfinished ? 'Interrupted' : (r.error?.name ?? null),
          error_message: unfinished ? 'the run had not finished when it was exported' : (r.error?.message ?? null),
          app_version: r.appVersion,
          owner,
          parent_id: parentHere ? r.parentId : null,
          ...specColumns(spec),
          // The stored spec keeps its own name; the run may have been renamed since.
          name: r.name,
          notes: r.notes,
          ...(arrays.xTrain ? { n_train: arrays.xTrain.length / d } : {}),
          ...(arrays.xQuery ? { n_query: arrays.xQuery.length / d, has_truth: arrays.yTruth ? 1 : 0 } : {}),
          ...result,
          complete: r.status === 'done' ? result.complete : null,
          epochs_done: 0,
        }
        this.stmt(insertSql('runs', row)).run(row)
        this.putTags(r.id, r.tags)
        for (const name of ARRAY_NAMES) {
          if (arrays[name]) this.putArray(r.id, name, arrays[name]!)
        }
        if (arrays.epochLoss && arrays.epochW) {
          const records = Array.from(arrays.epochLoss, (loss, i) => ({ epoch: i + 1, loss, w: arrays.epochW![i]! }))
          appendEpochChunk(this.prepare, r.id, 0, records)
          this.stmt('UPDATE runs SET epochs_done = ? WHERE id = ?').run(records.length, r.id)
        }
        if (arrays.widthLoss) this.stmt('UPDATE runs SET epochs_done = ? WHERE id = ?').run(arrays.widthLoss.length, r.id)
        imported.push(r.id)
      }
    })()
    return { imported, skipped }
  }

  /** Runs `fn` (store calls) in one transaction: bulk writes commit once, and all or nothing. */
  batch<T>(fn: () => T): T {
    return this.db.transaction(fn)()
  }

  close(): void {
    this.db.close()
  }
}

function mean(a: Float64Array): number {
  let s = 0
  for (let i = 0; i < a.length; i++) s += a[i]!
  return s / a.length
}
