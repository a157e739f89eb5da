import type { ApiResult, WorkbenchEvent } from './contract'

/**
 * What the Electron preload exposes to the renderer as window.nwBridge, and
 * nothing more: one call into the API, one subscription to its events, and
 * the native save dialog (browser mode downloads instead).
 */
export interface NwBridge {
  invoke(method: string, request: unknown): Promise<ApiResult<unknown>>
  onEvent(listener: (event: WorkbenchEvent) => void): () => void
  saveFile(request: SaveFileRequest): Promise<SaveFileResult>
}

export interface SaveFileRequest {
  /** Suggested file name, e.g. "fit.svg". */
  defaultName: string
  /** File contents: text, or bytes for binary formats. */
  data: string | Uint8Array
  filters?: { name: string; extensions: string[] }[]
}

export type SaveFileResult = { saved: true; path: string } | { saved: false; reason: 'cancelled' | string }

/** IPC channel names; the preload uses only these, and main listens only on these. */
export const IPC_CHANNELS = {
  invoke: 'nw:api',
  event: 'nw:event',
  saveFile: 'nw:save-file',
} as const
