import { computed, onScopeDispose, ref, type ComputedRef } from 'vue'
import { DARK_THEME, LIGHT_THEME, type ChartTheme } from '../../src-shared/charts/theme'

const query = typeof window !== 'undefined' && window.matchMedia ? window.matchMedia('(prefers-color-scheme: dark)') : null
const dark = ref(query?.matches ?? false)
let watchers = 0
const onChange = (e: MediaQueryListEvent) => (dark.value = e.matches)

/** The chart theme, following the system's light or dark setting as it changes. */
export function useChartTheme(): ComputedRef<ChartTheme> {
  if (query && watchers++ === 0) query.addEventListener('change', onChange)
  onScopeDispose(() => {
    if (query && --watchers === 0) query.removeEventListener('change', onChange)
  })
  return computed(() => (dark.value ? DARK_THEME : LIGHT_THEME))
}
