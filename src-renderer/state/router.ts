import { ref, shallowRef } from 'vue'
import { DEFAULT_ROUTE, formatRoute, parseRoute, type Route } from './route'

/**
 * The address bar as the one source of truth for what the window shows.
 * `route` follows location.hash (reload, back, forward, a pasted address);
 * `navigate` is the only way the app changes it. A few lines of our own
 * rather than vue-router: five flat views and two query parameters need no
 * route table, nested views or guards, and the runs library stays mounted
 * (its scroll and selection survive a visit to a run) without keep-alive.
 */
export const route = shallowRef<Route>(DEFAULT_ROUTE)
/** What was wrong with the address last read, until the next navigation. */
export const routeProblem = ref<string | null>(null)

const hasWindow = typeof window !== 'undefined'
const currentHash = () => (hasWindow ? window.location.hash : '')

function write(hash: string, replace: boolean) {
  if (!hasWindow || hash === currentHash()) return
  try {
    if (replace) window.history.replaceState(window.history.state, '', hash)
    else window.history.pushState(null, '', hash)
  } catch {
    // Some origins (file:// in older engines) refuse history entries: a plain hash change still works.
    window.location.hash = hash
  }
}

/** Shows a route; a new history entry unless `replace` (settings such as the colour field do not need one). */
export function navigate(next: Route, options: { replace?: boolean } = {}): void {
  routeProblem.value = null
  write(formatRoute(next), options.replace === true)
  if (formatRoute(next) !== formatRoute(route.value)) route.value = next
}

/** Reads the address: at start, and whenever it changes under us (back, forward, a typed address). */
export function syncFromLocation(): void {
  // The address the app wrote itself (an engine may echo it as an event): nothing to read, and the last problem stands.
  if (currentHash() === formatRoute(route.value)) return
  const { route: next, problem } = parseRoute(currentHash())
  routeProblem.value = problem
  // The address as the app writes it: a bad part left out, so a reload does not repeat the complaint.
  write(formatRoute(next), true)
  if (formatRoute(next) !== formatRoute(route.value)) route.value = next
}

if (hasWindow) {
  syncFromLocation()
  window.addEventListener('popstate', syncFromLocation)
  // Both fire for a fragment change in some engines and only one in others; reading twice is harmless.
  window.addEventListener('hashchange', syncFromLocation)
}
