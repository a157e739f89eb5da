import { app, session, type WebContents } from 'electron'

/**
 * Hardening every window and web contents gets: no navigation away from the
 * app, no new windows, no webviews, no permissions (camera, notifications,
 * ...). Applied to every web contents as it is created, so nothing opened
 * later escapes it.
 */
export function hardenApp(): void {
  app.enableSandbox()
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (e) => e.preventDefault())
    contents.on('will-redirect', (e) => e.preventDefault())
    contents.on('will-attach-webview', (e) => e.preventDefault())
    contents.setWindowOpenHandler(() => ({ action: 'deny' }))
  })
}

/** Call once the app is ready (sessions exist only then). */
export function hardenSession(csp: string): void {
  const s = session.defaultSession
  s.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  s.setPermissionCheckHandler(() => false)
  s.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } })
  })
}
