import type { Statement } from 'better-sqlite3'
import type { ApiParsedRequest } from '../../src-shared/api/contract'
import type { RunDetail, RunError, RunPage, RunSummary } from '../../src-shared/api/runs'
import type { EpochRecord } from '../../src-shared/engine/sgd'
import type { ExperimentOutcome } from '../../src-shared/experiment/execute'
import { describeData, type NormalizedSpec } from '../../src-shared/experiment/normalize'
import type { Bundle } from '../../src-shared/api/bundle'
import { decodeFloat64, encodeFloat64 } from './blobs'
import { exportBundle, importBundle } from './bundle'
import type { Db } from './database'
import { buildListQuery } from './listQuery'
import { rowToSummary, SUMMARY_COLUMNS, type RunRow } from './runRows'
import { NotFoundError } from './errors'
import { StudyStore } from './studyStore'

/** Prepared statements kept at once. */
export const MAX_CACHED_STATEMENTS = 256

/** Names of the arrays a run keeps in run_arrays. */
export type ArrayName =
  | 'xTrain'
  | 'yTrain'
  | 'xQuery'
  | 'yTruth'
  | 'yHat'
  | 'yHatNonparametric'
  | 'epochLoss'
  | 'epochW'

/** The spec as stored: inline data arrays live in run_arrays, not in the JSON. */
function specForStorage(spec: NormalizedSpec): unknown {
  if ('xTrain' in spec.data) {
    const { source } = spec.data
    return { ...spec, data: { inline: true, ...(source ? { source } : {}) } }
  }
  return spec
}

/**
 * Runs in SQLite. Every write that makes a run whole (its outcome and all
 * its arrays) is one transaction, so a crash leaves either the old row or
 * the complete new one.
 */
export class RunStore {
  private readonly statements = new Map<string, Statement<unknown[]>>()
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

  private putArray(id: string, name: ArrayName, values: ArrayLike<number>): void {
    this.stmt('INSERT OR REPLACE INTO run_arrays (run_id, name, data) VALUES (?, ?, ?)').run(id, name, encodeFloat64(values))
  }

  /** Inserts a queued run; imported data are stored now, so a crash before the run ends loses nothing given. */
  createQueued(id: string, spec: NormalizedSpec, createdAt: number): RunSummary {
    const info = describeData(spec.data)
    const t = spec.training
    this.db.transaction(() => {
      this.stmt(
        `INSERT INTO runs (id, name, created_at, status, mode, kernel, sigma, sigma_rule, data_kind, data_label, seed,
           n_train, n_query, has_truth, spec_json, w0_spec, lr, epochs, loss, loo, batch_size, train_seed, app_version, notes, owner)
         VALUES (@id, @name, @created_at, 'queued', @mode, @kernel, @sigma, @sigma_rule, @data_kind, @data_label, @seed,
           @n_train, @n_query, @has_truth, @spec_json, @w0_spec, @lr, @epochs, @loss, @loo, @batch_size, @train_seed, @app_version, @notes, @owner)`,
      ).run({
        id,
        name: spec.name,
        created_at: createdAt,
        mode: spec.mode,
        kernel: spec.kernel,
        sigma: typeof spec.sigma === 'number' ? spec.sigma : null,
        sigma_rule: typeof spec.sigma === 'number' ? null : spec.sigma.rule,
        data_kind: info.kind,
        data_label: info.label,
        seed: info.seed,
        n_train: info.nTrain,
        n_query: info.nQuery,
        has_truth: info.hasTruth ? 1 : 0,
        spec_json: JSON.stringify(specForStorage(spec)),
        w0_spec: t ? String(t.w0) : null,
        lr: t?.lr ?? null,
        epochs: t?.epochs ?? null,
        loss: t?.loss ?? null,
        loo: t ? (t.loo ? 1 : 0) : null,
        batch_size: t?.batchSize ?? null,
        train_seed: t?.seed ?? null,
        app_version: this.appVersion,
        notes: spec.notes,
        owner: this.owner,
      })
      for (const tag of spec.tags) this.stmt('INSERT OR IGNORE INTO run_tags (run_id, tag) VALUES (?, ?)').run(id, tag)
      if ('xTrain' in spec.data) {
        this.putArray(id, 'xTrain', spec.data.xTrain)
        this.putArray(id, 'yTrain', spec.data.yTrain)
        this.putArray(id, 'xQuery', spec.data.xQuery)
        if (spec.data.yTruth) this.putArray(id, 'yTruth', spec.data.yTruth)
      }
    })()
    return this.summary(id)
  }

  markRunning(id: string, startedAt: number): void {
    this.stmt(`UPDATE runs SET status = 'running', started_at = ? WHERE id = ? AND status = 'queued'`).run(startedAt, id)
  }

  /** Writes a finished run and all its arrays in one transaction. */
  saveOutcome(id: string, o: ExperimentOutcome, finishedAt: number): RunSummary {
    this.db.transaction(() => {
      this.stmt(
        `UPDATE runs SET status = 'done', finished_at = @finished_at, sigma = @sigma, w0 = @w0, learned_w = @w,
           train_loss = @train_loss, train_mse = @train_mse, test_mse = @test_mse, loo_score = @loo_score,
           epochs_done = @epochs_done, undefined_queries = @undefined_queries, baseline = @baseline,
           n_train = @n_train, n_query = @n_query, has_truth = @has_truth, error_name = NULL, error_message = NULL,
           fit_algorithm = @fit_algorithm, fit_error_bound = @fit_error_bound
         WHERE id = @id`,
      ).run({
        id,
        finished_at: finishedAt,
        sigma: o.sigma,
        w0: o.w0,
        w: o.w,
        train_loss: o.metrics.trainLoss,
        train_mse: o.metrics.trainMse,
        test_mse: o.metrics.testMse,
        loo_score: o.metrics.looScore,
        epochs_done: o.epochs.length,
        undefined_queries: JSON.stringify(o.undefinedQueries),
        baseline: o.baseline,
        n_train: o.dataset.xTrain.length,
        n_query: o.dataset.xQuery.length,
        has_truth: o.dataset.yTruth ? 1 : 0,
        fit_algorithm: o.fit.algorithm,
        fit_error_bound: o.fit.errorBound,
      })
      this.putArray(id, 'xTrain', o.dataset.xTrain)
      this.putArray(id, 'yTrain', o.dataset.yTrain)
      this.putArray(id, 'xQuery', o.dataset.xQuery)
      if (o.dataset.yTruth) this.putArray(id, 'yTruth', o.dataset.yTruth)
      this.putArray(id, 'yHat', o.yHat)
      if (o.yHatNonparametric) this.putArray(id, 'yHatNonparametric', o.yHatNonparametric)
      this.putEpochs(id, o.epochs)
    })()
    return this.summary(id)
  }

  private putEpochs(id: string, epochs: EpochRecord[]): void {
    if (epochs.length === 0) return
    this.putArray(id, 'epochLoss', epochs.map((e) => e.loss))
    this.putArray(id, 'epochW', epochs.map((e) => e.w))
  }

  /** Ends a run that did not finish (cancelled or failed), keeping what it had: its partial loss curve. */
  saveStopped(
    id: string,
    status: 'cancelled' | 'failed',
    error: RunError | null,
    partial: { epochs: EpochRecord[]; w0: number | null },
    finishedAt: number,
  ): RunSummary {
    this.db.transaction(() => {
      const last = partial.epochs[partial.epochs.length - 1]
      this.stmt(
        `UPDATE runs SET status = @status, finished_at = @finished_at, error_name = @error_name, error_message = @error_message,
           epochs_done = @epochs_done, w0 = COALESCE(@w0, w0), learned_w = @w WHERE id = @id`,
      ).run({
        id,
        status,
        finished_at: finishedAt,
        error_name: error?.name ?? null,
        error_message: error?.message ?? null,
        epochs_done: partial.epochs.length,
        w0: partial.w0,
        w: last ? last.w : null,
      })
      this.putEpochs(id, partial.epochs)
    })()
    return this.summary(id)
  }

  /**
   * Marks runs left queued or running by a process that is gone as
   * interrupted. Runs owned by a live process (another window or a CLI run
   * on the same database) are left alone.
   */
  markInterrupted(now: number, isAlive: (owner: string | null) => boolean): string[] {
    const stale = (this.stmt(`SELECT id, owner, status FROM runs WHERE status IN ('queued', 'running')`).all() as {
      id: string
      owner: string | null
      status: string
    }[]).filter((r) => r.owner !== this.owner && !isAlive(r.owner))
    const update = this.stmt(
      `UPDATE runs SET status = 'interrupted', finished_at = ?, error_name = 'Interrupted', error_message = ? WHERE id = ?`,
    )
    this.db.transaction(() => {
      for (const r of stale) {
        update.run(now, `the app stopped while this run was ${r.status}; nothing of it was saved but its spec`, r.id)
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
    if ((spec.data as { inline?: boolean }).inline) {
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
    const rows = this.stmt('SELECT name, data FROM run_arrays WHERE run_id = ? AND name IN (SELECT value FROM json_each(?))').all(
      id,
      JSON.stringify(names),
    ) as { name: ArrayName; data: Buffer }[]
    for (const r of rows) out[r.name] = decodeFloat64(r.data)
    return out
  }

  epochs(id: string): EpochRecord[] {
    const a = this.arrays(id, ['epochLoss', 'epochW'])
    if (!a.epochLoss || !a.epochW) return []
    return Array.from(a.epochLoss, (loss, i) => ({ epoch: i + 1, loss, w: a.epochW![i]! }))
  }

  /** The whole run; arrays as JSON-ready numbers (NaN, an undefined estimate, as null). */
  detail(id: string, withArrays: boolean): RunDetail {
    const row = this.row(id)
    const summary = rowToSummary(row, this.tagsOf(id))
    const spec = JSON.parse(row.spec_json) as unknown
    const detail: RunDetail = {
      ...summary,
      spec,
      epochs: this.epochs(id),
      undefinedQueries: JSON.parse(row.undefined_queries) as number[],
      arrays: null,
    }
    if (withArrays) {
      const a = this.arrays(id, ['xTrain', 'yTrain', 'xQuery', 'yTruth', 'yHat', 'yHatNonparametric'])
      const plain = (v: Float64Array | undefined) => (v ? Array.from(v) : null)
      const nullable = (v: Float64Array | undefined) => (v ? Array.from(v, (x) => (Number.isNaN(x) ? null : x)) : null)
      detail.arrays = {
        xTrain: plain(a.xTrain) ?? [],
        yTrain: plain(a.yTrain) ?? [],
        xQuery: plain(a.xQuery) ?? [],
        yTruth: plain(a.yTruth),
        yHat: nullable(a.yHat),
        yHatNonparametric: nullable(a.yHatNonparametric),
        baseline: row.baseline ?? (a.yTrain ? mean(a.yTrain) : null),
      }
    }
    return detail
  }

  list(req: ApiParsedRequest<'listExperiments'>): RunPage {
    const q = buildListQuery(req.filter, req.sort)
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

  rename(id: string, name: string): RunSummary {
    this.row(id)
    this.stmt('UPDATE runs SET name = ? WHERE id = ?').run(name, id)
    return this.summary(id)
  }

  tag(id: string, add: string[], remove: string[]): RunSummary {
    this.row(id)
    this.db.transaction(() => {
      for (const t of remove) this.stmt('DELETE FROM run_tags WHERE run_id = ? AND tag = ?').run(id, t)
      for (const t of add) this.stmt('INSERT OR IGNORE INTO run_tags (run_id, tag) VALUES (?, ?)').run(id, t)
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

  /** Removes runs for good, with their tags and arrays (by cascade). */
  purge(ids: string[]): number {
    const stmt = this.stmt('DELETE FROM runs WHERE id = ?')
    return this.db.transaction(() => ids.reduce((n, id) => n + stmt.run(id).changes, 0))()
  }

  /** Removes runs deleted before `before` (and their tags and arrays, by cascade). */
  purgeDeleted(before: number): number {
    return this.stmt('DELETE FROM runs WHERE deleted_at IS NOT NULL AND deleted_at < ?').run(before).changes
  }

  /** The one run whose id starts with `prefix` (the CLI accepts unique prefixes, as git does). */
  resolveId(prefix: string): string {
    const rows = this.stmt(`SELECT id FROM runs WHERE id LIKE ? ESCAPE '\\' AND deleted_at IS NULL LIMIT 2`).all(
      prefix.replace(/[\\%_]/g, (c) => `\\${c}`) + '%',
    ) as { id: string }[]
    if (rows.length === 0) throw new NotFoundError(`no run with id ${prefix}`)
    if (rows.length > 1) throw new NotFoundError(`run id ${prefix} is ambiguous; give more characters`)
    return rows[0]!.id
  }

  /** The runs with these ids as a bundle (deleted runs included only if asked by id). */
  exportBundle(ids: string[], appVersion: string, now: number): Bundle {
    return exportBundle(this.db, ids, appVersion, now)
  }

  /** Adds a bundle's runs in one transaction (see store/bundle.ts). */
  importBundle(bundle: Bundle, owner: string): { imported: string[]; skipped: string[] } {
    return importBundle(this.db, bundle, owner)
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
