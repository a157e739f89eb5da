import { dialog, ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron'
import { writeFile } from 'node:fs/promises'
import { IPC_CHANNELS, type SaveFileResult } from '../../src-shared/api/bridge'
import { describeFsError } from '../fsErrors'
import type { Dispatch } from '../api/dispatch'
import { checkSaveRequest } from './saveRequest'

/**
 * The Electron transport: IPC handlers over the shared dispatcher. Every
 * call is checked to come from the app's own page (not a frame or a page
 * navigated elsewhere); the dispatcher then validates the request itself.
 */
export function registerIpc(dispatch: Dispatch, isTrustedUrl: (url: string) => boolean, getWindow: () => BrowserWindow | null): void {
  const trusted = (e: IpcMainInvokeEvent) => {
    const frame = e.senderFrame
    return frame !== null && frame.parent === null && isTrustedUrl(frame.url)
  }
  ipcMain.handle(IPC_CHANNELS.invoke, (e, method: unknown, request: unknown) => {
    if (!trusted(e)) return { ok: false, error: { name: 'SecurityError', message: 'calls are only accepted from the app itself' } }
    return dispatch(method, request, { client: `window:${e.sender.id}` })
  })
  ipcMain.handle(IPC_CHANNELS.saveFile, async (e, raw: unknown): Promise<SaveFileResult> => {
    if (!trusted(e)) return { saved: false, reason: 'calls are only accepted from the app itself' }
    const checked = checkSaveRequest(raw)
    if (!checked.ok) return { saved: false, reason: checked.reason }
    const req = checked.value
    const win = getWindow()
    const options = { defaultPath: req.defaultName, filters: req.filters }
    const choice = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options)
    if (choice.canceled || !choice.filePath) return { saved: false, reason: 'cancelled' }
    try {
      await writeFile(choice.filePath, req.data)
      return { saved: true, path: choice.filePath }
    } catch (err) {
      return { saved: false, reason: describeFsError(choice.filePath, err).message }
    }
  })
}
