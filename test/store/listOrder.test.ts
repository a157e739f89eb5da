import { describe, expect, it } from 'vitest'
import { SORTABLE_COLUMNS, type RunFilter, type SortableColumn } from '../../src-shared/api/requests'
import { FEW_OUTSIDE_STUDIES } from '../../src-main/store/listQuery'
import { buildLibrary, referenceFilter, referenceOrder, type Library } from './listOrderFixture'

/** Every page of `size` concatenated, checking each page's total on the way. */
function allPages(lib: Library, filter: RunFilter, by: SortableColumn, dir: 'asc' | 'desc', incompleteLast: boolean, size: number): string[] {
  const ids: string[] = []
  for (let offset = 0; ; offset += size) {
    const page = lib.store.list({ offset, limit: size, sort: { by, dir, incompleteLast }, filter })
    for (const r of page.runs) ids.push(r.id)
    if (page.runs.length < size) {
      expect(page.total).toBe(ids.length)
      return ids
    }
  }
}

function checkEveryOrder(lib: Library, filters: RunFilter[], size: number) {
  for (const filter of filters) {
    const kept = referenceFilter(lib, filter)
    expect(kept.length, JSON.stringify(filter)).toBeGreaterThan(0)
    for (const by of SORTABLE_COLUMNS) {
      for (const dir of ['asc', 'desc'] as const) {
        for (const incompleteLast of [true, false]) {
          const expected = referenceOrder(kept, by, dir, incompleteLast).map((r) => r.id)
          expect(allPages(lib, filter, by, dir, incompleteLast, size), `${JSON.stringify(filter)} by ${by} ${dir}${incompleteLast ? '' : ', incomplete anywhere'}`).toEqual(expected)
        }
      }
    }
  }
}

describe('the runs library pages every order exactly as a plain sort of all runs would', () => {
  it('has the ties, missing values and incomplete runs the orders must handle', () => {
    const lib = buildLibrary(150, 20)
    const runs = lib.live.map((l) => l.run)
    expect(runs.some((r) => r.complete === false)).toBe(true)
    expect(runs.some((r) => r.complete === null)).toBe(true)
    expect(runs.some((r) => r.metrics.testMse === null && r.complete === true)).toBe(true)
    expect(runs.some((r) => r.sigma === null)).toBe(true)
    expect(new Set(runs.map((r) => r.createdAt)).size).toBeLessThan(runs.length)
    expect(runs.filter((r) => r.name.toLowerCase() === 'alpha 0').length).toBeGreaterThan(1)
    expect(runs.length).toBeLessThan(150 + 2 * 20) // some were deleted
  })

  it('ungrouped and grouped, filtered or not, when few runs are outside studies', () => {
    const lib = buildLibrary(150, 20)
    checkEveryOrder(
      lib,
      [
        {},
        { studyId: null },
        { studyId: lib.studyIds[1]! },
        { kernel: ['boxcar', 'gaussian'] },
        { status: ['done'], mode: ['nonparametric'] },
        { sigmaMin: 0.5, sigmaMax: 0.5 },
        { tags: ['x', 'y'] },
        { text: 'ALPHA', studyId: null },
      ],
      11,
    )
  }, 120_000)

  it('grouped, when more runs are outside studies than the grouped view sorts (the index walk)', () => {
    const lib = buildLibrary(FEW_OUTSIDE_STUDIES + 60, 10)
    checkEveryOrder(lib, [{ studyId: null }, { studyId: null, kernel: ['epanechnikov'] }], 97)
  }, 120_000)
})
