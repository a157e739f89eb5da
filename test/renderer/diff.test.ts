import { describe, expect, it } from 'vitest'
import { COLOUR_FIELDS, diffRuns, fieldFromSlug, fieldSlug, NUMERIC_FIELDS, runsCsv, SIGMA_FIELD } from '../../src-renderer/compare/diff'
import { detail, partial, summary, trained } from './fixtures/runs'

/** An RFC 4180 reader written for this test, independent of the writer: quoted cells, doubled quotes, newlines inside quotes. */
function readCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"'
        i++
      } else if (ch === '"') quoted = false
      else cell += ch
    } else if (ch === '"') quoted = true
    else if (ch === ',') {
      row.push(cell)
      cell = ''
    } else if (ch === '\n') {
      row.push(cell)
      rows.push(row)
      row = []
      cell = ''
    } else cell += ch
  }
  if (cell !== '' || row.length) throw new Error('the CSV does not end with a newline')
  return rows
}

function records(text: string): Record<string, string>[] {
  const [header, ...body] = readCsv(text)
  for (const r of body) expect(r).toHaveLength(header!.length)
  return body.map((r) => Object.fromEntries(header!.map((h, k) => [h, r[k]!])))
}

describe('the runs CSV', () => {
  const runs = [
    summary({ id: 'np000001', tags: ['my tag', 'b'], notes: 'first line, "quoted"\nsecond line' }),
    partial({ id: 'part0001' }),
    trained({ id: 'tr000001', w: -4, parentId: 'np000001', status: 'done' }),
    summary({ id: 'q0000001', status: 'queued', startedAt: null, finishedAt: null, metrics: { trainLoss: null, trainMse: null, testMse: null, looScore: null }, coverage: { trainLoss: null, trainMse: null, testMse: null, looScore: null }, complete: null, fit: null }),
  ]
  const rows = records(runsCsv(runs))

  it('has a coverage count and total beside every metric, and whether the run is complete', () => {
    const header = readCsv(runsCsv(runs))[0]!
    expect(header).toEqual(
      expect.arrayContaining([
        'train_loss', 'train_mse', 'test_mse', 'loo_score',
        'train_loss_covered', 'train_loss_total', 'train_mse_covered', 'train_mse_total',
        'test_mse_covered', 'test_mse_total', 'loo_score_covered', 'loo_score_total', 'complete', 'sigma_eff',
      ]),
    )
    expect(rows[1]).toMatchObject({ test_mse: '0.0358', test_mse_covered: '5', test_mse_total: '50', loo_score_covered: '12', loo_score_total: '50', train_loss_covered: '', complete: 'false' })
    expect(rows[0]).toMatchObject({ test_mse_covered: '50', test_mse_total: '50', complete: 'true' })
    // Not computed yet: empty cells, which pandas reads as NaN.
    expect(rows[3]).toMatchObject({ test_mse: '', test_mse_covered: '', test_mse_total: '', complete: '', started: '', algorithm: '' })
  })

  it('gives σ_eff for trained runs and an empty cell where it does not apply, with provenance and timings', () => {
    expect(rows[2]).toMatchObject({ sigma_eff: '0.25', learned_w: '-4', parent_id: 'np000001', mode: 'parametric' })
    expect(rows[0]).toMatchObject({ sigma_eff: '', learned_w: '', parent_id: '', started: '2026-03-03T14:05:34.000Z', finished: '2026-03-03T14:05:36.500Z', app_version: '0.1.0', algorithm: 'dense', error_bound: '0' })
  })

  it('keeps tags with spaces and notes with commas, quotes and newlines intact', () => {
    expect(rows[0]!.tags!.split(',')).toEqual(['my tag', 'b'])
    expect(rows[0]!.notes).toBe('first line, "quoted"\nsecond line')
  })
})

describe('the compare table and scatter', () => {
  const np = detail(summary({ id: 'np000001', sigma: 0.5 }))
  const tr = detail(trained({ id: 'tr000001', w: 2, sigma: 1 }))
  const part = detail(partial({ id: 'part0001' }))

  it('shows a parametric run’s σ as that of its nonparametric fit, and σ_eff = 1/|w| beside w, "—" where it does not apply', () => {
    const rows = diffRuns([np, tr], false)
    const row = (label: string) => rows.find((r) => r.label === label)?.values
    expect(rows.map((r) => r.label)).not.toContain('σ')
    expect(row('σ (nonparametric fit)')).toEqual([0.5, 1])
    expect(row('learned w')).toEqual([null, 2])
    expect(row('σ_eff = 1/|w|')).toEqual([null, 0.5])
    // Training parameters do not apply to a nonparametric run: null, shown as "—", never a default.
    expect(row('learning rate')).toEqual([null, 0.5])
    expect(row('batch size')).toEqual([null, 'full'])
    expect(rows.findIndex((r) => r.label === 'σ_eff = 1/|w|')).toBe(rows.findIndex((r) => r.label === 'learned w') + 1)
  })

  it('states a metric’s coverage beside it when it does not cover every point', () => {
    const rows = diffRuns([np, part], false)
    const row = (label: string) => rows.find((r) => r.label === label)?.values
    expect(row('test MSE')).toEqual([0.1, '0.0358 · 5/50'])
    expect(row('leave-one-out score')).toEqual([0.3, '0.9 · 12/50'])
    expect(row('metrics cover every point')).toEqual(['yes', 'no'])
  })

  it('places trained runs at σ_eff on the bandwidth axis, under a label that says so', () => {
    const sigma = NUMERIC_FIELDS[SIGMA_FIELD]!
    expect(SIGMA_FIELD).toContain('σ_eff')
    expect(NUMERIC_FIELDS['σ']).toBeUndefined()
    expect(sigma(np)).toBe(0.5)
    expect(sigma(tr)).toBe(0.5)
    expect(sigma(trained({ id: 'tr000002', w: -0.25, sigma: 1 }))).toBe(4)
    // A trained run whose w is not known yet has no place on the axis (not its σ of 1).
    expect(sigma(summary({ id: 'tr000003', mode: 'parametric', sigma: 1, sigmaEff: null }))).toBeNull()
  })

  it('names every colour field in the address by a distinct short name that reads back', () => {
    const slugs = COLOUR_FIELDS.map(fieldSlug)
    expect(new Set(slugs).size).toBe(slugs.length)
    for (const f of COLOUR_FIELDS) {
      expect(fieldSlug(f)).toMatch(/^[a-z0-9-]+$/)
      expect(fieldFromSlug(fieldSlug(f))).toBe(f)
    }
    expect(fieldSlug('learning rate')).toBe('lr')
    expect(fieldFromSlug('nonsense')).toBeNull()
  })
})
