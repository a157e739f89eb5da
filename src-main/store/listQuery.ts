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

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

/**
 * WHERE and ORDER BY for a filter and sort. Values go in as named
 * parameters, never into the SQL text; only column names from SORT_SQL do.
 */
export function buildListQuery(
  filter: RunFilter,
  sort: { by: SortableColumn; dir: 'asc' | 'desc' },
): { where: string; orderBy: string; params: Record<string, unknown> } {
  const clauses = ['deleted_at IS NULL']
  const params: Record<string, unknown> = {}
  const inList = (column: string, name: string, values: readonly string[] | undefined) => {
    if (!values || values.length === 0) return
    const keys = values.map((v, i) => {
      params[`${name}${i}`] = v
      return `@${name}${i}`
    })
    clauses.push(`${column} IN (${keys.join(', ')})`)
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
  filter.tags?.forEach((tag, i) => {
    clauses.push(`EXISTS (SELECT 1 FROM run_tags t WHERE t.run_id = runs.id AND t.tag = @tag${i})`)
    params[`tag${i}`] = tag
  })
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
  return {
    where: `WHERE ${clauses.join(' AND ')}`,
    orderBy: `ORDER BY ${nullsLast}${col} ${dir}, created_at DESC, id`,
    params,
  }
}
