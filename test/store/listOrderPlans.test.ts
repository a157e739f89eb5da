import { describe, expect, it } from 'vitest'
import { SORTABLE_COLUMNS, type RunFilter } from '../../src-shared/api/requests'
import { openDatabase } from '../../src-main/store/database'
import { buildListQuery } from '../../src-main/store/listQuery'
import { SUMMARY_COLUMNS } from '../../src-main/store/runRows'

/**
 * The library's pages stay fast at any depth only if SQLite walks an index
 * that gives the whole ORDER BY (no temporary B-tree, not even for ties) and
 * checks the filter from the index itself: then an OFFSET skips index
 * entries without reading a row. These are SQLite's own plans for the SQL
 * listQuery.ts writes, on the schema the migrations make.
 */
const db = openDatabase(':memory:')

function plan(sql: string, params: Record<string, unknown>): string {
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((r) => r.detail).join('; ')
}

const ORDERS = SORTABLE_COLUMNS.flatMap((by) => (['asc', 'desc'] as const).flatMap((dir) => [true, false].map((incompleteLast) => ({ by, dir, incompleteLast }))))

describe('query plans of the runs library', () => {
  it.each([
    ['all runs (ungrouped)', {}],
    ['runs in no study, when many are (grouped)', { studyId: null }],
  ] as [string, RunFilter][])('a page of %s in any order walks one index, sorting nothing', (_, filter) => {
    for (const sort of ORDERS) {
      const q = buildListQuery(filter, sort, false)
      const page = plan(`SELECT ${SUMMARY_COLUMNS} FROM runs ${q.where} ${q.orderBy} LIMIT 100 OFFSET 90000`, q.params)
      expect(page, JSON.stringify(sort)).toMatch(/^SCAN runs USING INDEX runs_live_by_\w+$/)
      // The total reads an index too, never the rows.
      expect(plan(`SELECT COUNT(*) AS n FROM runs ${q.where}`, q.params), JSON.stringify(sort)).toMatch(/^SCAN runs USING COVERING INDEX runs_live_by_\w+$/)
    }
  })

  it('runs in no study, when few are, are found by runs_by_study and then sorted', () => {
    const q = buildListQuery({ studyId: null }, { by: 'testMse', dir: 'desc' }, true)
    expect(plan(`SELECT ${SUMMARY_COLUMNS} FROM runs ${q.where} ${q.orderBy} LIMIT 100`, q.params)).toMatch(/^SEARCH runs USING INDEX runs_by_study \(study_id=\?\); USE TEMP B-TREE FOR ORDER BY$/)
  })

  it("a study's runs are found by runs_by_study", () => {
    const q = buildListQuery({ studyId: 'abcd1234' }, { by: 'createdAt', dir: 'asc' })
    expect(plan(`SELECT ${SUMMARY_COLUMNS} FROM runs ${q.where} ${q.orderBy} LIMIT 100`, q.params)).toMatch(/^SEARCH runs USING INDEX runs_by_study \(study_id=\?\)/)
  })

  it('deleted runs to purge are found by their own partial index', () => {
    expect(plan('DELETE FROM runs WHERE deleted_at IS NOT NULL AND deleted_at < @before', { before: 1 })).toMatch(/^SEARCH runs USING COVERING INDEX runs_deleted /)
  })
})
