import { connection } from '../api'

export interface SaveRequest {
  defaultName: string
  data: string | Uint8Array
  mime: string
  filters?: { name: string; extensions: string[] }[]
}

/**
 * Saves a file the way the platform does: Electron's native save dialog, or
 * a download in browser mode. Resolves to a message for the user (where it
 * went, or why not); cancelling is not an error.
 */
export async function saveFile(req: SaveRequest): Promise<{ ok: boolean; message: string }> {
  const bridge = connection.bridge
  if (bridge) {
    const r = await bridge.saveFile({ defaultName: req.defaultName, data: req.data, ...(req.filters ? { filters: req.filters } : {}) })
    if (r.saved) return { ok: true, message: `Saved ${r.path}` }
    return { ok: r.reason === 'cancelled', message: r.reason === 'cancelled' ? 'Not saved' : `Could not save: ${r.reason}` }
  }
  const blob = new Blob([req.data as BlobPart], { type: req.mime })
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = req.defaultName
  document.body.appendChild(a)
  a.click()
  a.remove()
  // Revoked later: some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
  return { ok: true, message: `Downloaded ${req.defaultName}` }
}

export function dataUrlBytes(dataUrl: string): Uint8Array {
  const b64 = dataUrl.slice(dataUrl.indexOf(',') + 1)
  const bin = atob(b64)
  const out = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i)
  return out
}
