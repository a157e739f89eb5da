import { api } from '../api'
import { navigate, route } from './router'

/**
 * When the page opens on the workbench with no run named in the address and
 * a run is in progress, shows that run: a reload or a new tab picks the
 * training up where it is (useRun joins its stored epochs with the live
 * ones). The newest such run, if several.
 */
export async function reattachToActiveRun(): Promise<string | null> {
  const opened = route.value
  if (opened.view !== 'workbench' || opened.run !== null) return null
  const page = await api.listExperiments({ limit: 1, filter: { status: ['running', 'queued'] }, sort: { by: 'createdAt', dir: 'desc' } })
  const run = page.runs[0]
  // The user may have moved on while the list was read: only an untouched page is redirected.
  const now = route.value
  if (!run || now.view !== 'workbench' || now.run !== null) return null
  navigate({ view: 'workbench', run: run.id }, { replace: true })
  return run.id
}
