// No electron import here: the checks run (and are tested) in plain Node.
import type { SaveFileRequest } from '../../src-shared/api/bridge'

/** Largest file the renderer may ask main to write (a 4x PNG of a large chart, a big bundle). */
export const MAX_SAVE_BYTES = 512 * 1024 * 1024
const MAX_FILTERS = 20
const MAX_EXTENSIONS = 20
const EXTENSION = /^(\*|[A-Za-z0-9]{1,16})$/

export type CheckedSave = { ok: true; value: Required<SaveFileRequest> } | { ok: false; reason: string }

/**
 * A save request from the page, checked field by field and rebuilt from
 * what was checked (the page is untrusted: nothing else of the object
 * reaches the native dialog). File-type filters are short names and plain
 * extensions; a name that is a path keeps only its last part.
 */
export function checkSaveRequest(req: unknown): CheckedSave {
  if (typeof req !== 'object' || req === null) return { ok: false, reason: 'a save needs a file name and text or bytes' }
  const { defaultName, data, filters } = req as Record<string, unknown>
  if (typeof defaultName !== 'string' || defaultName.length === 0 || defaultName.length > 255) {
    return { ok: false, reason: 'the file name must be 1 to 255 characters' }
  }
  if (!(typeof data === 'string' || data instanceof Uint8Array)) return { ok: false, reason: 'a save needs text or bytes' }
  if ((typeof data === 'string' ? data.length * 3 : data.byteLength) > MAX_SAVE_BYTES) return { ok: false, reason: `the file is larger than ${MAX_SAVE_BYTES} bytes` }
  const checked: { name: string; extensions: string[] }[] = []
  if (filters !== undefined) {
    if (!Array.isArray(filters) || filters.length > MAX_FILTERS) return { ok: false, reason: `filters must be a list of at most ${MAX_FILTERS}` }
    for (const f of filters as unknown[]) {
      const { name, extensions } = (typeof f === 'object' && f !== null ? f : {}) as Record<string, unknown>
      if (typeof name !== 'string' || name.length === 0 || name.length > 100 || hasControl(name)) {
        return { ok: false, reason: 'each filter needs a name of 1 to 100 printable characters' }
      }
      if (!Array.isArray(extensions) || extensions.length === 0 || extensions.length > MAX_EXTENSIONS || !extensions.every((e) => typeof e === 'string' && EXTENSION.test(e))) {
        return { ok: false, reason: `each filter needs 1 to ${MAX_EXTENSIONS} extensions of letters and digits (no dots), or "*"` }
      }
      checked.push({ name, extensions: [...(extensions as string[])] })
    }
  }
  return { ok: true, value: { defaultName: defaultName.replace(/[/\\]/g, '_'), data, filters: checked } }
}

function hasControl(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) < 0x20 || s.charCodeAt(i) === 0x7f) return true
  return false
}
