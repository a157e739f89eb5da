import type { Migration } from './types'

/**
 * The runs library pages any of its orders in a few milliseconds, however
 * deep the page (issue 14: 100,000 runs). The list scrolls to any row, so
 * pages are asked for by offset; an OFFSET is cheap only when SQLite walks
 * an index that gives the ORDER BY exactly (no sort, not even of the ties)
 * and holds every column the WHERE needs (no row read for a skipped run).
 *
 * So each order the library can ask for has its own index over live runs
 * (partial, WHERE deleted_at IS NULL): the terms of listQuery.ts's ORDER BY
 * in the same direction, then study_id (the grouped view's "runs in no
 * study") and deleted_at (SQLite reads a partial index's own condition
 * from its columns). An order whose direction flips is a second index:
 * the flags (incomplete, missing) and the created_at DESC, id tie-break
 * keep their direction, so no index reversed gives the other direction.
 *
 * runs_by_deleted held nearly every row under NULL, and SQLite took it for
 * "deleted_at IS NULL" and then sorted the whole table; the deleted runs
 * (purgeDeleted's question) are the few, so they keep a partial index.
 *
 * The statements are spelled out here, not derived from listQuery.ts: a
 * migration must not change once shipped. test/store/listOrderPlans.test.ts
 * checks that every order listQuery.ts writes is answered by one of them.
 */
const TIE_BREAK = 'created_at DESC, id'
const INCOMPLETE_LAST = '(COALESCE(complete, 1) = 0)'

/** [index name part, ORDER BY terms before the tie-break, with DIR for the sort direction]. */
const ORDERS: [string, string][] = [
  ['name', 'name COLLATE NOCASE DIR'],
  ['status', 'status DIR'],
  ['mode', 'mode DIR'],
  ['kernel', 'kernel DIR'],
  ['sigma', '(sigma IS NULL), sigma DIR'],
  ['w', '(learned_w IS NULL), learned_w DIR'],
  ['n_train', 'n_train DIR'],
  ['epochs_done', 'epochs_done DIR'],
]
const METRICS = ['train_loss', 'train_mse', 'test_mse', 'loo_score']
for (const m of METRICS) {
  ORDERS.push([m, `(${m} IS NULL), ${m} DIR`])
  ORDERS.push([`${m}_incomplete_last`, `${INCOMPLETE_LAST}, (${m} IS NULL), ${m} DIR`])
}

function liveIndex(name: string, terms: string): string {
  return `CREATE INDEX runs_live_by_${name} ON runs (${terms}, study_id, deleted_at) WHERE deleted_at IS NULL;`
}

const indexes: string[] = [
  // Creation time ties only by chance, and then id ascending either way.
  liveIndex('created_asc', 'created_at ASC, id'),
  liveIndex('created_desc', 'created_at DESC, id'),
]
for (const [name, terms] of ORDERS) {
  for (const dir of ['ASC', 'DESC']) indexes.push(liveIndex(`${name}_${dir.toLowerCase()}`, `${terms.replace('DIR', dir)}, ${TIE_BREAK}`))
}

export const migration006: Migration = {
  version: 6,
  name: 'an index per library order, over live runs',
  up: `
    DROP INDEX runs_by_deleted;
    CREATE INDEX runs_deleted ON runs (deleted_at) WHERE deleted_at IS NOT NULL;
    ${indexes.join('\n    ')}
  `,
}
