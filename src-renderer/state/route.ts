import { runIdSchema } from '../../src-shared/api/requests'
import { fieldFromSlug, fieldSlug } from '../compare/diff'

/**
 * What the window shows, as an address (the part after #), so a view can be
 * reloaded, bookmarked and shared on the machine:
 *
 *   #/workbench[?run=ID]            the workbench, showing a run
 *   #/runs                          the runs library
 *   #/run/ID                        one run's page
 *   #/compare?ids=A,B,C[&color=lr]  a comparison, curves coloured by a field
 *   #/gallery                       the chapter gallery
 *
 * Parsing never throws: a part of the address that makes no sense is left
 * out, and `problem` says what and why in one line.
 */
export type Route =
  | { view: 'workbench'; run: string | null }
  | { view: 'runs' }
  | { view: 'run'; id: string }
  /** color: the field curves are coloured by (a label of COLOUR_FIELDS); null for one colour per run. */
  | { view: 'compare'; ids: string[]; color: string | null }
  | { view: 'gallery' }

export type View = Route['view']

export interface ParsedRoute {
  route: Route
  problem: string | null
}

export const DEFAULT_ROUTE: Route = { view: 'workbench', run: null }

const isRunId = (s: string) => runIdSchema.safeParse(s).success
/** Shown in a message: an address part cut short and in quotes. */
const quote = (s: string) => `“${s.length > 40 ? `${s.slice(0, 40)}…` : s}”`

export function formatRoute(route: Route): string {
  switch (route.view) {
    case 'workbench':
      return route.run ? `#/workbench?run=${route.run}` : '#/workbench'
    case 'runs':
      return '#/runs'
    case 'run':
      return `#/run/${route.id}`
    case 'compare': {
      const color = route.color && route.color !== 'run' ? `&color=${encodeURIComponent(fieldSlug(route.color))}` : ''
      return `#/compare?ids=${route.ids.join(',')}${color}`
    }
    case 'gallery':
      return '#/gallery'
  }
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}

export function parseRoute(hash: string): ParsedRoute {
  const raw = hash.replace(/^#/, '')
  const q = raw.indexOf('?')
  const path = (q < 0 ? raw : raw.slice(0, q)).replace(/^\/+|\/+$/g, '')
  const query = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1))
  const [page = '', ...rest] = path.split('/').map(decode)
  if (page === '') return { route: DEFAULT_ROUTE, problem: null }
  switch (page) {
    case 'workbench': {
      const run = query.get('run')
      if (run === null || run === '') return { route: DEFAULT_ROUTE, problem: null }
      if (!isRunId(run)) return { route: DEFAULT_ROUTE, problem: `The address names a run ${quote(run)}, which is not a run id: showing the workbench without it.` }
      return { route: { view: 'workbench', run }, problem: null }
    }
    case 'runs':
    case 'gallery':
      return { route: { view: page }, problem: null }
    case 'run': {
      const id = rest.join('/')
      if (!id) return { route: { view: 'runs' }, problem: 'The address #/run/ names no run: showing the runs library.' }
      if (!isRunId(id)) return { route: { view: 'runs' }, problem: `${quote(id)} in the address is not a run id: showing the runs library.` }
      return { route: { view: 'run', id }, problem: null }
    }
    case 'compare': {
      const listed = (query.get('ids') ?? '').split(',').map((s) => s.trim()).filter(Boolean)
      const ids = [...new Set(listed.filter(isRunId))]
      const bad = listed.filter((s) => !isRunId(s))
      const slug = query.get('color')
      const color = slug === null || slug === '' ? null : fieldFromSlug(slug)
      const problems: string[] = []
      if (bad.length) problems.push(`left out ${bad.length === 1 ? 'an id that is not a run id' : `${bad.length} ids that are not run ids`} (${bad.slice(0, 3).map(quote).join(', ')}${bad.length > 3 ? ', …' : ''})`)
      if (slug && color === null) problems.push(`there is no field ${quote(slug)} to colour by, so each run has its own colour`)
      const problem = problems.length ? `${problems.join('; ').replace(/^./, (c) => c.toUpperCase())}.` : null
      return { route: { view: 'compare', ids, color: color === 'run' ? null : color }, problem }
    }
    default:
      return { route: DEFAULT_ROUTE, problem: `There is no page ${quote(`#/${path}`)}: showing the workbench.` }
  }
}
