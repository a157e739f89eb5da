import { BrowserWindow } from 'electron'
import { join } from 'node:path'

export interface WindowOptions {
  preload: string
  /** app://nw-workbench/index.html (the built renderer), or the dev server's URL. */
  url: string
  devTools: boolean
}

export function createMainWindow(o: WindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 1440,
    height: 920,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'nw-workbench',
    backgroundColor: '#1e1f24',
    webPreferences: {
      // The preload runs sandboxed with context isolation and exposes only the typed nwBridge through contextBridge.
      preload: o.preload, // eng-disable PRELOAD_JS_CHECK: reviewed, see preload.ts: invoke, onEvent and saveFile only, never ipcRenderer
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      devTools: o.devTools,
      spellcheck: false,
      // Middle-click would otherwise open links in new windows.
      disableBlinkFeatures: 'Auxclick',
    },
  })
  win.once('ready-to-show', () => win.show())
  void win.loadURL(o.url)
  return win
}

/** The built renderer, which the app:// protocol serves. */
export function rendererDir(mainDir: string): string {
  return join(mainDir, '..', 'renderer')
}
