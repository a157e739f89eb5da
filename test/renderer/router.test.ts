// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { nextTick } from 'vue'

window.history.replaceState(null, '', '#/compare?ids=aaaa1,bad!,bbbb2&color=lr')
const { route, routeProblem, navigate, syncFromLocation } = await import('../../src-renderer/state/router')
const { compareColour, compareIds, currentView, selectedRunId, shownRunId, openRunPage } = await import('../../src-renderer/state/selection')

describe('the router: the address is the one source of truth', () => {
  it('restores the view from the address at start, says what it left out, and rewrites the address without it', () => {
    expect(route.value).toEqual({ view: 'compare', ids: ['aaaa1', 'bbbb2'], color: 'learning rate' })
    expect(currentView.value).toBe('compare')
    expect(compareIds.value).toEqual(['aaaa1', 'bbbb2'])
    expect(compareColour.value).toBe('learning rate')
    expect(routeProblem.value).toMatch(/^Left out an id that is not a run id \(“bad!”\)/)
    expect(window.location.hash).toBe('#/compare?ids=aaaa1,bbbb2&color=lr')
  })

  it('writes every change of view, run and comparison into the address, as history entries', () => {
    const before = window.history.length
    selectedRunId.value = 'run000000001'
    expect(window.location.hash).toBe('#/workbench?run=run000000001')
    expect(currentView.value).toBe('workbench')
    expect(routeProblem.value).toBeNull()
    currentView.value = 'runs'
    expect(window.location.hash).toBe('#/runs')
    // The workbench remembers its run for the tab, and the compare tab its runs.
    expect(selectedRunId.value).toBe('run000000001')
    currentView.value = 'compare'
    expect(window.location.hash).toBe('#/compare?ids=aaaa1,bbbb2&color=lr')
    openRunPage('run000000002')
    expect(window.location.hash).toBe('#/run/run000000002')
    expect(shownRunId.value).toBe('run000000002')
    currentView.value = 'workbench'
    expect(window.location.hash).toBe('#/workbench?run=run000000001')
    expect(window.history.length).toBe(before + 5)
  })

  it('changes the colour field in place, without a history entry, and keeps the ids array when only the colour changes', () => {
    compareIds.value = ['cccc3', 'dddd4']
    const ids = compareIds.value
    const entries = window.history.length
    compareColour.value = 'kernel'
    expect(window.location.hash).toBe('#/compare?ids=cccc3,dddd4&color=kernel')
    expect(window.history.length).toBe(entries)
    expect(compareIds.value).toBe(ids)
    compareColour.value = 'run'
    expect(window.location.hash).toBe('#/compare?ids=cccc3,dddd4')
  })

  it('follows the address when it changes under it (back, forward, a pasted address)', async () => {
    navigate({ view: 'runs' })
    window.history.replaceState(null, '', '#/run/abcd1234')
    syncFromLocation()
    expect(route.value).toEqual({ view: 'run', id: 'abcd1234' })
    window.location.hash = '#/gallery'
    await new Promise((r) => setTimeout(r, 20))
    await nextTick()
    expect(currentView.value).toBe('gallery')
    window.location.hash = '#/no-such-page'
    await new Promise((r) => setTimeout(r, 20))
    expect(currentView.value).toBe('workbench')
    expect(routeProblem.value).toBe('There is no page “#/no-such-page”: showing the workbench.')
    expect(window.location.hash).toBe('#/workbench')
  })
})
