import type { RunFilter, SortableColumn } from '../../src-shared/api/requests'

/** SQL for a column the library can sort by; metrics sort with missing values last. */
const SORT_SQL: Record<SortableColumn, string> = {
  createdAt: 'created_at',
  name: 'name COLLATE NOCASE',
  status: 'status',
  mode: 'mode',
  kernel: 'kernel',
  sigma: 'sigma',
  w: 'learned_w',
  trainLoss: 'train_loss',
  trainMse: 'train_mse',
  testMse: 'test_mse',
  looScore: 'loo_score',
  nTrain: 'n_train',
  epochsDone: 'epochs_done',
}

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
): { where: string; orderBy: string; params: Record<string, unknown> } {
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
  const col = SORT_SQL[sort.by]
  const dir = sort.dir === 'asc' ? 'ASC' : 'DESC'
  const nullsLast = sort.by === 'createdAt' || sort.by === 'name' ? '' : `(${col.split(' ')[0]} IS NULL), `
  // A metric computed over part of the points must not rank above runs whose metric covers them all.
  const incompleteLast = sort.incompleteLast !== false && METRIC_COLUMNS.has(sort.by) ? '(COALESCE(complete, 1) = 0), ' : ''
  return {
    where: `WHERE ${clauses.join(' AND ')}`,
    orderBy: `ORDER BY ${incompleteLast}${nullsLast}${col} ${dir}, created_at DESC, id`,
    params,
  }
}
