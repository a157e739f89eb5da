/**
 * The request target of an HTTP request, read without trusting it: the
 * request line is whatever a client sent (`GET //[ HTTP/1.1`, `GET * ...`,
 * an absolute URL), so nothing here throws, and a path is never taken for
 * an authority.
 */
export interface RequestTarget {
  /** The path, dot segments resolved, still percent-encoded. */
  pathname: string
  params: URLSearchParams
}

/** Origin-form targets only ("/path?query"); anything else is null, which the server answers with 400. */
export function parseRequestTarget(raw: string | undefined): RequestTarget | null {
  if (typeof raw !== 'string' || !raw.startsWith('/')) return null
  try {
    // Prefixed with an origin, "//evil.com/x" stays a path, where new URL(raw, base) would read a host into it.
    const url = new URL(`http://target.invalid${raw}`)
    if (url.host !== 'target.invalid') return null
    return { pathname: url.pathname, params: url.searchParams }
  } catch {
    return null
  }
}

const PLACEHOLDER_ORIGIN = 'http://origin.invalid'

/**
 * A Location for a redirect that must stay on this server: the path with
 * runs of slashes and backslashes (which browsers read as slashes) folded to
 * one, so it can never start with "//" (another host) or a scheme. Checked
 * by resolving it as a browser would; anything else becomes "/".
 */
export function sameOriginLocation(pathname: string): string {
  const folded = `/${pathname.replace(/[\\/]+/g, '/').replace(/^\/+/, '')}`
  if (hasControlOrSpace(folded)) return '/'
  try {
    const resolved = new URL(folded, `${PLACEHOLDER_ORIGIN}/some/page`)
    return resolved.origin === PLACEHOLDER_ORIGIN && resolved.pathname === folded ? folded : '/'
  } catch {
    return '/'
  }
}

/** Browsers strip or reject these in a Location: a path that has any is not used. */
function hasControlOrSpace(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c <= 0x20 || c === 0x7f) return true
  }
  return false
}
