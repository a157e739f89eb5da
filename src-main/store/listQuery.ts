import type { RunFilter, SortableColumn } from '../../src-shared/api/requests'

/**
 * SQL for a column the library can sort by, and whether it may be NULL
 * (missing values sort last, either direction). Every ORDER BY written here
 * has an index of its own (migration 6): change an order and its index
 * must change with it, which test/store/listOrderPlans.test.ts checks.
 */
const SORT_SQL: Record<SortableColumn, { sql: string; nullable: boolean }> = {
  createdAt: { sql: 'created_at', nullable: false },
  name: { sql: 'name COLLATE NOCASE', nullable: false },
  status: { sql: 'status', nullable: false },
  mode: { sql: 'mode', nullable: false },
  kernel: { sql: 'kernel', nullable: false },
  sigma: { sql: 'sigma', nullable: true },
  // A trained width vector (a parametric vector run) keeps learned_w NULL: vector runs sort after every scalar w.
  w: { sql: 'learned_w', nullable: true },
  trainLoss: { sql: 'train_loss', nullable: true },
  trainMse: { sql: 'train_mse', nullable: true },
  testMse: { sql: 'test_mse', nullable: true },
  looScore: { sql: 'loo_score', nullable: true },
  nTrain: { sql: 'n_train', nullable: false },
  epochsDone: { sql: 'epochs_done', nullable: false },
}

/** Runs in no study (live or deleted) up to which the grouped view sorts them rather than walk an order index past every run. */
export const FEW_OUTSIDE_STUDIES = 1000

const METRIC_COLUMNS = new Set<SortableColumn>(['trainLoss', 'trainMse', 'testMse', 'looScore'])

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

/**
 * WHERE and ORDER BY for a filter and sort. Values go in as named
 * parameters, never into the SQL text; only column names from SORT_SQL do,
 * so there are few distinct texts: one per combination of filters present.
 */
export function buildListQuery(
  filter: RunFilter,
  sort: { by: SortableColumn; dir: 'asc' | 'desc'; incompleteLast?: boolean },
  /** For the grouped view: runs in no study are few (FEW_OUTSIDE_STUDIES at most), so finding them all and sorting them is cheapest. */
  fewOutsideStudies = false,
): { where: string; orderBy: string; params: Record<string, unknown> } {
  // Written plainly: it is the condition of the order indexes (partial, over live runs), so SQLite may use them.
  const clauses = ['deleted_at IS NULL']
  const params: Record<string, unknown> = {}
  // A list goes in as one bound JSON array, so the SQL text (and the prepared statement cached for it)
  // does not depend on how many values a filter lists, and no list runs into SQLite's variable limit.
  const inList = (column: string, name: string, values: readonly string[] | undefined) => {
    if (!values || values.length === 0) return
    params[name] = JSON.stringify(values)
    clauses.push(`${column} IN (SELECT value FROM json_each(@${name}))`)
  }
  inList('kernel', 'kernel', filter.kernel)
  inList('mode', 'mode', filter.mode)
  inList('status', 'status', filter.status)
  inList('id', 'id', filter.ids)
  // Few runs in no study: runs_by_study finds them at once, and sorting them costs little. Many: "+" keeps SQLite from
  // finding them that way and then sorting them all; the order index holds study_id, so a page is a walk along it.
  if (filter.studyId === null) clauses.push(fewOutsideStudies ? 'study_id IS NULL' : '+study_id IS NULL')
  else if (filter.studyId !== undefined) {
    clauses.push('study_id = @studyId')
    params.studyId = filter.studyId
  }
  if (filter.sigmaMin !== undefined) {
    clauses.push('sigma >= @sigmaMin')
    params.sigmaMin = filter.sigmaMin
  }
  if (filter.sigmaMax !== undefined) {
    clauses.push('sigma <= @sigmaMax')
    params.sigmaMax = filter.sigmaMax
  }
  const tags = [...new Set(filter.tags ?? [])]
  if (tags.length > 0) {
    // Runs carrying every listed tag: as many distinct matches as tags.
    clauses.push(`(SELECT COUNT(DISTINCT t.tag) FROM run_tags t WHERE t.run_id = runs.id AND t.tag IN (SELECT value FROM json_each(@tags))) = @tagCount`)
    params.tags = JSON.stringify(tags)
    params.tagCount = tags.length
  }
  const text = filter.text?.trim()
  if (text) {
    params.text = likePattern(text)
    clauses.push(
      `(name LIKE @text ESCAPE '\\' OR notes LIKE @text ESCAPE '\\' OR data_label LIKE @text ESCAPE '\\' OR id LIKE @text ESCAPE '\\'
        OR kernel LIKE @text ESCAPE '\\' OR EXISTS (SELECT 1 FROM run_tags t WHERE t.run_id = runs.id AND t.tag LIKE @text ESCAPE '\\'))`,
    )
  }
  const { sql: col, nullable } = SORT_SQL[sort.by]
  const dir = sort.dir === 'asc' ? 'ASC' : 'DESC'
  const nullsLast = nullable ? `(${col} IS NULL), ` : ''
  // A metric computed over part of the points must not rank above runs whose metric covers them all.
  const incompleteLast = sort.incompleteLast !== false && METRIC_COLUMNS.has(sort.by) ? '(COALESCE(complete, 1) = 0), ' : ''
  // Sorting by creation time needs no creation-time tie-break: repeating the column would keep its index out of use.
  const tieBreak = sort.by === 'createdAt' ? 'id' : 'created_at DESC, id'
  return {
    where: `WHERE ${clauses.join(' AND ')}`,
    orderBy: `ORDER BY ${incompleteLast}${nullsLast}${col} ${dir}, ${tieBreak}`,
    params,
  }
}
