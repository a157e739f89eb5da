import { computed, ref, watch } from 'vue'
import { formatRoute, type Route, type View } from './route'
import { navigate, route } from './router'

export type { View }

/**
 * Which view is showing, which run the workbench shows and which runs are
 * compared: all read from the address (state/router.ts) and changed by
 * navigating, so reload, back and forward restore them. The last workbench
 * run and the last comparison are remembered only so the tabs can return
 * to them.
 */
const lastWorkbenchRun = ref<string | null>(null)
const lastCompare = ref<{ ids: string[]; color: string | null }>({ ids: [], color: null })

watch(
  route,
  (r) => {
    if (r.view === 'workbench') lastWorkbenchRun.value = r.run
    if (r.view === 'compare') lastCompare.value = { ids: sameOr(lastCompare.value.ids, r.ids), color: r.color }
  },
  { immediate: true, flush: 'sync' },
)

/** The previous list when the contents are equal, so watchers of the ids do not reload for a colour change or a back step. */
function sameOr(previous: string[], next: string[]): string[] {
  return previous.length === next.length && previous.every((id, k) => id === next[k]) ? previous : next
}

/** The route a tab opens: the workbench with its last run, the last comparison. */
function routeOf(view: View): Route {
  switch (view) {
    case 'workbench':
      return { view, run: lastWorkbenchRun.value }
    case 'compare':
      return { view, ...lastCompare.value }
    case 'run':
      return route.value.view === 'run' ? route.value : { view: 'runs' }
    default:
      return { view }
  }
}

export const currentView = computed<View>({
  get: () => route.value.view,
  set: (view) => navigate(routeOf(view)),
})

/** The run the workbench shows (setting it opens the workbench on it). */
export const selectedRunId = computed<string | null>({
  get: () => lastWorkbenchRun.value,
  set: (id) => navigate({ view: 'workbench', run: id }),
})

export function showRun(id: string): void {
  navigate({ view: 'workbench', run: id })
}

/** The runs the compare view shows (setting it opens the comparison). */
export const compareIds = computed<string[]>({
  get: () => lastCompare.value.ids,
  set: (ids) => navigate({ view: 'compare', ids, color: lastCompare.value.color }),
})

/** The field the compare view colours curves by ('run': one colour each); kept in the address, without a history entry. */
export const compareColour = computed<string>({
  get: () => lastCompare.value.color ?? 'run',
  set: (color) => navigate({ view: 'compare', ids: lastCompare.value.ids, color: color === 'run' ? null : color }, { replace: true }),
})

export function compareRuns(ids: string[]): void {
  navigate({ view: 'compare', ids, color: lastCompare.value.color })
}

/** The run page (#/run/ID). */
export function openRunPage(id: string): void {
  navigate({ view: 'run', id })
}

export function runPageHref(id: string): string {
  return formatRoute({ view: 'run', id })
}

/** The run on screen: the run page's, or the workbench's. */
export const shownRunId = computed<string | null>(() => (route.value.view === 'run' ? route.value.id : route.value.view === 'workbench' ? route.value.run : null))
