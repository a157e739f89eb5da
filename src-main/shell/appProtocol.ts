// No electron import here: what app:// answers is decided (and tested) in plain Node;
// main.ts only registers the scheme and hands requests to appFileResponse.
import { CONTENT_SECURITY_POLICY } from '../csp'
import { readStatic } from '../server/staticFiles'

/** The desktop app's page comes from its own scheme, not file:// (Electron's security guide, item 18). */
export const APP_SCHEME = 'app'
export const APP_HOST = 'nw-workbench'
export const APP_PAGE_URL = `${APP_SCHEME}://${APP_HOST}/index.html`

export interface AppFileResponse {
  status: number
  headers: Record<string, string>
  body: Buffer | string
}

/**
 * The answer to an app:// request: a file of the built renderer with its
 * MIME type and the Content-Security-Policy, or 404. Only files inside
 * `rendererDir` (path traversal refused, however encoded, by the same
 * resolution browser mode uses), only from the app's own host, only GET.
 */
export async function appFileResponse(rendererDir: string, requestUrl: string, method = 'GET'): Promise<AppFileResponse> {
  const notFound: AppFileResponse = { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: 'not found' }
  if (method !== 'GET' && method !== 'HEAD') return { status: 405, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: 'method not allowed' }
  let url: URL
  try {
    url = new URL(requestUrl)
  } catch {
    return notFound
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return notFound
  const file = await readStatic(rendererDir, url.pathname)
  if (!file) return notFound
  return {
    status: 200,
    headers: { 'Content-Type': file.type, 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-cache' },
    body: file.body,
  }
}

/**
 * Whether a frame's URL is the app's page: exactly the one URL the window
 * loaded (app://nw-workbench/index.html, or in development the dev
 * server's address), compared whole after parsing, never by prefix.
 */
export function isTrustedPageUrl(url: string, trusted: string): boolean {
  try {
    const a = new URL(url)
    const b = new URL(trusted)
    return a.href === b.href && url === a.href
  } catch {
    return false
  }
}
