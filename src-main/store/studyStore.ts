import type { Statement } from 'better-sqlite3'
import type { RunError } from '../../src-shared/api/runs'
import type { StudyAxisInfo, StudyDetail, StudyPage, StudyStatus, StudySummary } from '../../src-shared/api/studies'
import { InputError } from '../../src-shared/errors'
import type { ExperimentOutcome } from '../../src-shared/experiment/execute'
import type { NormalizedSpec } from '../../src-shared/experiment/normalize'
import { STUDY_METRICS, summarizeCells, type StudyRunRecord } from '../../src-shared/study/aggregate'
import { axisValues } from '../../src-shared/study/axes'
import { canonicalJson } from '../../src-shared/study/canonical'
import type { StudyCell } from '../../src-shared/study/cells'
import type { Study } from '../../src-shared/study/studySpec'
import type { Db } from './database'
import { NotFoundError } from './errors'
import type { RunWrites } from './runWrites'

interface StudyRow {
  id: string
  name: string
  created_at: number
  updated_at: number
  definition_json: string
  cell_count: number
  planned_runs: number
  replicates: number
  exercise: string | null
  status: StudyStatus
  owner: string | null
  started_at: number | null
  finished_at: number | null
}

/** A run a study computed, ready to store: done with its outcome, or failed with its error. */
export interface StudyRunResult {
  id: string
  cellKey: string
  replicate: number
  spec: NormalizedSpec
  createdAt: number
  startedAt: number
  finishedAt: number
  result: { status: 'done'; outcome: ExperimentOutcome } | { status: 'failed'; error: RunError }
}

/** A slot of the grid: a cell and a replicate. */
export function slotKey(cellKey: string, replicate: number): string {
  return `${replicate}\u0000${cellKey}`
}

function axisKind(axis: unknown): StudyAxisInfo['kind'] {
  if (Array.isArray(axis)) return 'list'
  const a = axis as Record<string, unknown>
  return 'log' in a ? 'log' : 'linear' in a ? 'linear' : 'random'
}

/**
 * Studies and the link from runs to them, in the database the RunStore owns
 * (it constructs this store and hands it the handle). Runs of a study are
 * written whole, done or failed, in the transaction that links them to
 * their cell: a study killed at any moment has only complete runs, and
 * resuming it runs just the slots with no done run.
 */
export class StudyStore {
  private readonly statements = new Map<string, Statement<unknown[]>>()

  constructor(
    private readonly db: Db,
    private readonly runs: RunWrites,
    private readonly owner: string,
  ) {}

  private stmt(sql: string) {
    let s = this.statements.get(sql)
    if (!s) {
      s = this.db.prepare<unknown[]>(sql)
      this.statements.set(sql, s)
    }
    return s
  }

  private row(id: string): StudyRow {
    const row = this.stmt('SELECT * FROM studies WHERE id = ?').get(id) as StudyRow | undefined
    if (!row) throw new NotFoundError(`no study with id ${id}`)
    return row
  }

  /** The study with this name, if any: a name identifies a study within a database. */
  idByName(name: string): string | null {
    const row = this.stmt('SELECT id FROM studies WHERE name = ?').get(name) as { id: string } | undefined
    return row?.id ?? null
  }

  definition(id: string): Study {
    return JSON.parse(this.row(id).definition_json) as Study
  }

  /**
   * Stores a new study, or brings the one with the same name to this
   * definition: more axis values or replicates extend it, and runs whose cell
   * and replicate are still in the grid count towards it. A different base or
   * seed scheme would make its runs answer another question: refused.
   */
  save(newId: string, study: Study, cells: StudyCell[], exercise: string | null, now: number): { id: string; created: boolean } {
    const existing = this.idByName(study.name)
    return this.db.transaction(() => {
      let id = newId
      if (existing) {
        const old = this.definition(existing)
        if (canonicalJson(old.base) !== canonicalJson(study.base) || old.replicateSeeds !== study.replicateSeeds) {
          throw new InputError(
            `a study named "${study.name}" already exists with a different ${old.replicateSeeds !== study.replicateSeeds ? 'replicateSeeds' : 'base'}; its runs answer another question: give this study another name`,
          )
        }
        id = existing
        this.stmt(
          `UPDATE studies SET definition_json = ?, cell_count = ?, planned_runs = ?, replicates = ?, updated_at = ?, exercise = COALESCE(?, exercise) WHERE id = ?`,
        ).run(JSON.stringify(study), cells.length, cells.length * study.replicates, study.replicates, now, exercise, id)
        this.stmt('DELETE FROM study_cells WHERE study_id = ?').run(id)
      } else {
        this.stmt(
          `INSERT INTO studies (id, name, created_at, updated_at, definition_json, cell_count, planned_runs, replicates, exercise, status)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending')`,
        ).run(id, study.name, now, now, JSON.stringify(study), cells.length, cells.length * study.replicates, study.replicates, exercise)
      }
      const insert = this.stmt('INSERT INTO study_cells (study_id, cell_key, cell_index, cell_id, params_json) VALUES (?, ?, ?, ?, ?)')
      for (const c of cells) insert.run(id, c.key, c.index, c.id, JSON.stringify(c.params))
      return { id, created: !existing }
    })()
  }

  setStatus(id: string, status: StudyStatus, now: number): void {
    if (status === 'running') {
      this.stmt(`UPDATE studies SET status = 'running', owner = ?, started_at = ?, finished_at = NULL, updated_at = ? WHERE id = ?`).run(this.owner, now, now, id)
    } else {
      this.stmt('UPDATE studies SET status = ?, finished_at = ?, updated_at = ? WHERE id = ?').run(status, now, now, id)
    }
  }

  /** Whether another live process is running this study (so this one must not start it too). */
  runningElsewhere(id: string, isAlive: (owner: string | null) => boolean): string | null {
    const row = this.row(id)
    return row.status === 'running' && row.owner !== this.owner && isAlive(row.owner) ? row.owner : null
  }

  /** Marks studies left running by a process that is gone as interrupted (they resume with the runs they have). */
  markInterrupted(now: number, isAlive: (owner: string | null) => boolean): string[] {
    const stale = (this.stmt(`SELECT id, owner FROM studies WHERE status = 'running'`).all() as { id: string; owner: string | null }[]).filter(
      (r) => r.owner !== this.owner && !isAlive(r.owner),
    )
    for (const r of stale) this.setStatus(r.id, 'interrupted', now)
    return stale.map((r) => r.id)
  }

  /** Slots (slotKey) that have a done run. */
  doneSlots(id: string): Set<string> {
    const rows = this.stmt(`SELECT cell_key, replicate FROM runs WHERE study_id = ? AND status = 'done' AND deleted_at IS NULL`).all(id) as {
      cell_key: string
      replicate: number
    }[]
    return new Set(rows.map((r) => slotKey(r.cell_key, r.replicate)))
  }

  /**
   * Stores computed runs and links them to their cells, all in one
   * transaction. An earlier run of the same slot that did not finish (failed,
   * cancelled, interrupted) is replaced: the slot keeps one attempt.
   */
  saveResults(studyId: string, results: readonly StudyRunResult[]): void {
    if (results.length === 0) return
    const dropStale = this.stmt(`DELETE FROM runs WHERE study_id = ? AND cell_key = ? AND replicate = ? AND status != 'done'`)
    this.db.transaction(() => {
      for (const r of results) {
        dropStale.run(studyId, r.cellKey, r.replicate)
        const study = { study: { id: studyId, cellKey: r.cellKey, replicate: r.replicate } }
        if (r.result.status === 'done') {
          this.runs.insertDone(r.id, r.spec, r.result.outcome, r, study)
        } else {
          this.runs.createQueued(r.id, r.spec, r.createdAt, study)
          this.runs.markRunning(r.id, r.startedAt)
          this.runs.saveStopped(r.id, 'failed', r.result.error, r.finishedAt)
        }
      }
    })()
  }

  /**
   * Links an imported run (sweep collect) to its slot, unless the slot
   * already has a done run. Returns whether it was linked.
   */
  attach(studyId: string, runId: string, cellKey: string, replicate: number): boolean {
    return this.db.transaction(() => {
      const held = this.stmt(`SELECT status FROM runs WHERE study_id = ? AND cell_key = ? AND replicate = ? AND deleted_at IS NULL`).all(studyId, cellKey, replicate) as {
        status: string
      }[]
      if (held.some((h) => h.status === 'done')) return false
      const incoming = this.stmt('SELECT status FROM runs WHERE id = ?').get(runId) as { status: string } | undefined
      if (!incoming) throw new NotFoundError(`no run with id ${runId}`)
      // A failed attempt gives way to a done one; between two failed ones the newer stays.
      this.stmt(`DELETE FROM runs WHERE study_id = ? AND cell_key = ? AND replicate = ? AND status != 'done' AND id != ?`).run(studyId, cellKey, replicate, runId)
      this.stmt('UPDATE runs SET study_id = ?, cell_key = ?, replicate = ? WHERE id = ?').run(studyId, cellKey, replicate, runId)
      return true
    })()
  }

  /** Runs of the study as the summary reads them, newest first. */
  records(id: string): StudyRunRecord[] {
    const rows = this.stmt(
      `SELECT id, cell_key, replicate, status, test_mse, train_mse, loo_score, train_loss, sigma, learned_w
       FROM runs WHERE study_id = ? AND deleted_at IS NULL ORDER BY created_at DESC, id`,
    ).all(id) as {
      id: string
      cell_key: string
      replicate: number
      status: StudyRunRecord['status']
      test_mse: number | null
      train_mse: number | null
      loo_score: number | null
      train_loss: number | null
      sigma: number | null
      learned_w: number | null
    }[]
    return rows.map((r) => ({
      id: r.id,
      cellKey: r.cell_key,
      replicate: r.replicate,
      status: r.status,
      values: { testMse: r.test_mse, trainMse: r.train_mse, looScore: r.loo_score, trainLoss: r.train_loss, sigma: r.sigma, w: r.learned_w },
    }))
  }

  /** The cells of the study's current definition, in grid order. */
  cells(id: string): { key: string; id: string; params: Record<string, unknown> }[] {
    const rows = this.stmt('SELECT cell_key, cell_id, params_json FROM study_cells WHERE study_id = ? ORDER BY cell_index').all(id) as {
      cell_key: string
      cell_id: string
      params_json: string
    }[]
    return rows.map((r) => ({ key: r.cell_key, id: r.cell_id, params: JSON.parse(r.params_json) as Record<string, unknown> }))
  }

  /** Done and failed slots of each study in the current grid ("+" keeps the nearly-all-NULL deleted_at index out of the plan). */
  private counts(ids: string[]): Map<string, { done: number; failed: number }> {
    const out = new Map<string, { done: number; failed: number }>()
    if (ids.length === 0) return out
    const rows = this.stmt(
      `SELECT study_id, SUM(ok) AS done, SUM(1 - ok) AS failed FROM (
         SELECT r.study_id, MAX(r.status = 'done') AS ok
         FROM runs r
         JOIN study_cells c ON c.study_id = r.study_id AND c.cell_key = r.cell_key
         JOIN studies s ON s.id = r.study_id
         WHERE r.study_id IN (SELECT value FROM json_each(?)) AND +r.deleted_at IS NULL AND r.replicate < s.replicates
         GROUP BY r.study_id, r.cell_key, r.replicate
       ) GROUP BY study_id`,
    ).all(JSON.stringify(ids)) as { study_id: string; done: number; failed: number }[]
    for (const r of rows) out.set(r.study_id, { done: r.done, failed: r.failed })
    return out
  }

  private toSummary(row: StudyRow, counts: { done: number; failed: number } | undefined): StudySummary {
    const study = JSON.parse(row.definition_json) as Study
    return {
      id: row.id,
      name: row.name,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      exercise: row.exercise,
      status: row.status,
      cellCount: row.cell_count,
      replicates: row.replicates,
      replicateSeeds: study.replicateSeeds,
      planned: row.planned_runs,
      done: counts?.done ?? 0,
      failed: counts?.failed ?? 0,
      axes: Object.entries(study.axes).map(([path, axis]) => ({ path, kind: axisKind(axis), values: axisValues(path, axis) })),
      definition: study,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
    }
  }

  summary(id: string): StudySummary {
    return this.toSummary(this.row(id), this.counts([id]).get(id))
  }

  /** The study with every cell's runs and metrics aggregated over replicates. */
  detail(id: string): StudyDetail {
    const summary = this.summary(id)
    const records = this.records(id).filter((r) => r.replicate < summary.replicates)
    const cells = summarizeCells(this.cells(id), records)
    const metrics = STUDY_METRICS.filter((m) => cells.some((c) => c.metrics[m] !== undefined))
    return { ...summary, metrics, cells }
  }

  list(offset: number, limit: number, filter: { text?: string | undefined; exercise?: string | undefined } = {}): StudyPage {
    const clauses: string[] = []
    const params: unknown[] = []
    if (filter.text) {
      clauses.push(`name LIKE ? ESCAPE '\\'`)
      params.push(`%${filter.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)
    }
    if (filter.exercise) {
      clauses.push('exercise = ?')
      params.push(filter.exercise)
    }
    const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : ''
    const total = (this.stmt(`SELECT COUNT(*) AS n FROM studies ${where}`).get(params) as { n: number }).n
    const rows = this.stmt(`SELECT * FROM studies ${where} ORDER BY created_at DESC, id LIMIT ? OFFSET ?`).all([...params, limit, offset]) as StudyRow[]
    const counts = this.counts(rows.map((r) => r.id))
    return { studies: rows.map((r) => this.toSummary(r, counts.get(r.id))), total, offset, limit }
  }

  /** Deletes studies; their runs are deleted too (soft: restoreExperiments brings them back, unlinked). */
  delete(ids: string[], now: number): { studies: number; runs: string[] } {
    return this.db.transaction(() => {
      const runIds: string[] = []
      let studies = 0
      for (const id of ids) {
        const rows = this.stmt('SELECT id FROM runs WHERE study_id = ? AND deleted_at IS NULL').all(id) as { id: string }[]
        for (const r of rows) runIds.push(r.id)
        this.stmt('UPDATE runs SET deleted_at = ? WHERE study_id = ? AND deleted_at IS NULL').run(now, id)
        studies += this.stmt('DELETE FROM studies WHERE id = ?').run(id).changes
      }
      return { studies, runs: runIds }
    })()
  }
}
