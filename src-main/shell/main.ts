// The Electron shell: window, menu, IPC registration. Everything it wires
// together (store, jobs, API) lives outside src-main/shell and runs without
// Electron, in Node and in browser mode.
import { app, dialog, protocol, type BrowserWindow } from 'electron'
import { join } from 'node:path'
import { CONTENT_SECURITY_POLICY } from '../csp'
import { createServices, type Services } from '../services'
import { IPC_CHANNELS } from '../../src-shared/api/bridge'
import { APP_PAGE_URL, APP_SCHEME, appFileResponse, isTrustedPageUrl } from './appProtocol'
import { registerIpc } from './ipc'
import { buildMenu } from './menu'
import { electronNativeBinding } from './nativeBinding'
import { hardenApp, hardenSession } from './security'
import { createMainWindow, rendererDir } from './window'

const DEV = !app.isPackaged && process.env.NW_DEV === '1'
const devServerUrl = DEV ? process.env.ELECTRON_RENDERER_URL : undefined
/** The one page the window shows, and the only one whose IPC calls are taken. */
const pageUrl = devServerUrl ?? APP_PAGE_URL

let mainWindow: BrowserWindow | null = null
let services: Services | null = null

hardenApp()
// Standard and secure: the page gets an origin of its own (app://nw-workbench) and 'self' in its CSP
// means that origin, where file:// would share one origin with every file on the disk.
// Must be registered before the app is ready.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } }])

if (!app.requestSingleInstanceLock()) {
  // Another window already owns the database: hand over to it.
  app.quit()
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
  })
  app.whenReady().then(start).catch(fail)
}

function isTrustedUrl(url: string): boolean {
  return isTrustedPageUrl(url, pageUrl)
}

function start(): void {
  hardenSession(CONTENT_SECURITY_POLICY)
  const renderer = rendererDir(__dirname)
  protocol.handle(APP_SCHEME, async (request) => {
    const r = await appFileResponse(renderer, request.url, request.method)
    return new Response(request.method === 'HEAD' || r.body === null ? null : typeof r.body === 'string' ? r.body : new Uint8Array(r.body), { status: r.status, headers: r.headers })
  })
  const appRoot = join(__dirname, '..', '..')
  const nativeBinding = electronNativeBinding(appRoot)
  services = createServices({
    databasePath: join(app.getPath('userData'), 'runs.db'),
    // The job worker is the build's out/main/jobs.worker.js (runtime.ts), as for the command line and browser mode.
    transport: 'electron',
    ...(nativeBinding ? { nativeBinding } : {}),
  })
  const send = (event: unknown) => mainWindow?.webContents.send(IPC_CHANNELS.event, event)
  services.events.on(send)
  registerIpc(services.dispatch, isTrustedUrl, () => mainWindow)
  app.applicationMenu = buildMenu(() => mainWindow, send, DEV)
  openWindow()
  app.on('activate', () => {
    if (!mainWindow) openWindow()
  })
}

function openWindow(): void {
  mainWindow = createMainWindow({
    preload: join(__dirname, '..', 'preload', 'index.js'),
    url: pageUrl,
    devTools: DEV,
  })
  mainWindow.on('closed', () => {
    mainWindow = null
  })
}

function fail(e: unknown): void {
  dialog.showErrorBox('nw-workbench could not start', (e as Error)?.message ?? String(e))
  app.exit(1)
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})

let quitting = false
app.on('before-quit', (e) => {
  if (quitting || !services) return
  // Cancel running jobs and save their partial curves before the database closes.
  e.preventDefault()
  quitting = true
  void services.close().finally(() => app.quit())
})
