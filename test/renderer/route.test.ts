import { describe, expect, it } from 'vitest'
import { SIGMA_FIELD } from '../../src-renderer/compare/diff'
import { formatRoute, parseRoute, type Route } from '../../src-renderer/state/route'

describe('routes in the address bar', () => {
  it('reads each view and writes it back the same', () => {
    const routes: [string, Route][] = [
      ['#/workbench', { view: 'workbench', run: null }],
      ['#/workbench?run=abc123def456', { view: 'workbench', run: 'abc123def456' }],
      ['#/runs', { view: 'runs' }],
      ['#/run/abc123def456', { view: 'run', id: 'abc123def456' }],
      ['#/compare?ids=aaaa1,bbbb2,cccc3', { view: 'compare', ids: ['aaaa1', 'bbbb2', 'cccc3'], color: null }],
      ['#/compare?ids=aaaa1,bbbb2&color=lr', { view: 'compare', ids: ['aaaa1', 'bbbb2'], color: 'learning rate' }],
      ['#/compare?ids=aaaa1,bbbb2&color=sigma', { view: 'compare', ids: ['aaaa1', 'bbbb2'], color: SIGMA_FIELD }],
      ['#/gallery', { view: 'gallery' }],
    ]
    for (const [hash, route] of routes) {
      expect(parseRoute(hash), hash).toEqual({ route, problem: null })
      expect(formatRoute(route)).toBe(hash)
    }
  })

  it('opens the workbench for an empty address, and accepts a colour given by its label', () => {
    expect(parseRoute('')).toEqual({ route: { view: 'workbench', run: null }, problem: null })
    expect(parseRoute('#/')).toEqual({ route: { view: 'workbench', run: null }, problem: null })
    expect(parseRoute('#/compare?ids=aaaa1&color=learning%20rate').route).toEqual({ view: 'compare', ids: ['aaaa1'], color: 'learning rate' })
    // Colouring by run is the default, so the address leaves it out.
    expect(formatRoute({ view: 'compare', ids: ['aaaa1'], color: 'run' })).toBe('#/compare?ids=aaaa1')
  })

  it('leaves out ids that are not run ids, and says which, without throwing', () => {
    const { route, problem } = parseRoute('#/compare?ids=aaaa1,NOT-AN-ID,bbbb2,aaaa1,x')
    expect(route).toEqual({ view: 'compare', ids: ['aaaa1', 'bbbb2'], color: null })
    expect(problem).toBe('Left out 2 ids that are not run ids (“NOT-AN-ID”, “x”).')
  })

  it('falls back to a sensible view with a one-line message for every other bad address', () => {
    expect(parseRoute('#/run/<script>')).toEqual({ route: { view: 'runs' }, problem: '“<script>” in the address is not a run id: showing the runs library.' })
    expect(parseRoute('#/run/')).toEqual({ route: { view: 'runs' }, problem: 'The address #/run/ names no run: showing the runs library.' })
    expect(parseRoute('#/workbench?run=%%%')).toMatchObject({ route: { view: 'workbench', run: null }, problem: expect.stringContaining('not a run id') })
    expect(parseRoute('#/nowhere/at/all')).toEqual({ route: { view: 'workbench', run: null }, problem: 'There is no page “#/nowhere/at/all”: showing the workbench.' })
    expect(parseRoute('#/compare?ids=aaaa1&color=bogus')).toEqual({
      route: { view: 'compare', ids: ['aaaa1'], color: null },
      problem: 'There is no field “bogus” to colour by, so each run has its own colour.',
    })
    expect(parseRoute(`#/run/${'a'.repeat(500)}`).problem).toMatch(/^“a{40}…” in the address/)
  })
})
