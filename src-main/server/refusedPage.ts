import type { IncomingMessage } from 'node:http'

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/** Whether a refused request is a page load in a browser (which should get a page, not a line of text). */
export function wantsHtml(req: IncomingMessage): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false
  const accept = req.headers.accept
  return typeof accept === 'string' && accept.includes('text/html')
}

/**
 * The page a browser gets instead of the app when the server refuses it:
 * what happened and what to do, in words. Plain HTML: no script and no
 * style, so the Content-Security-Policy holds for it as for the app.
 */
export function refusedPage(status: 401 | 403, reason: string): string {
  const title = status === 401 ? 'This page’s access token was refused' : 'This address is refused'
  const advice =
    status === 401
      ? `<p>The nw-workbench server needs the token it printed when it started, and this browser has none, or an old one (the server was started with <code>--new-token</code> or another <code>--token</code>).</p>
<p>Open the address that <code>nw-workbench serve</code> printed, the one ending in <code>?token=…</code>. The server prints it again each time it starts; without <code>--new-token</code> it keeps the same token across restarts.</p>`
      : `<p>The nw-workbench server answers only to the host names and origins it serves (a defence against DNS rebinding and cross-site requests): ${escapeHtml(reason)}.</p>
<p>Open the address that <code>nw-workbench serve</code> printed; to reach it under another name, start it with <code>--allow-host NAME</code>.</p>`
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>nw-workbench: ${title}</title><link rel="icon" href="data:,"></head>
<body>
<h1>${title}</h1>
${advice}
</body>
</html>
`
}
