// The preload runs sandboxed with context isolation: it hands the page one
// narrow, typed bridge and never ipcRenderer itself.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import type { WorkbenchEvent } from '../../src-shared/api/contract'
import { IPC_CHANNELS, type NwBridge, type SaveFileRequest } from '../../src-shared/api/bridge'

const bridge: NwBridge = {
  invoke: (method, request) => {
    if (typeof method !== 'string') return Promise.reject(new TypeError('method must be a string'))
    return ipcRenderer.invoke(IPC_CHANNELS.invoke, method, request)
  },
  onEvent: (listener) => {
    const wrapped = (_: IpcRendererEvent, event: WorkbenchEvent) => listener(event)
    ipcRenderer.on(IPC_CHANNELS.event, wrapped)
    return () => {
      ipcRenderer.removeListener(IPC_CHANNELS.event, wrapped)
    }
  },
  saveFile: (request: SaveFileRequest) => ipcRenderer.invoke(IPC_CHANNELS.saveFile, request),
}

contextBridge.exposeInMainWorld('nwBridge', bridge)
