/**
 * What a live chart must hand ECharts to go from the option it drew last to
 * the next one. A live frame changes little: a new sigma moves the predicted
 * curve, the heatmap's image and its colour bar, the kernel's curve, while
 * the axes, the legend and thousands of training points stay as they were.
 * Handing ECharts the whole option again makes it clone and merge every
 * array in it and rebuild the views of every component; handing it only the
 * components and series that changed skips most of that.
 *
 * A patch is only made when it is sure to leave the same chart as the whole
 * option would: ECharts merges a partial option into the one it holds, so a
 * property the new option drops would linger. Hence every changed component
 * must have the same shape as before (the same keys, recursively; arrays
 * inside a component are replaced whole by ECharts, so their contents may
 * differ freely), and the component lists must have the same lengths and
 * series types. Otherwise the answer is `full`.
 */

export type OptionRecord = Record<string, unknown>

export type OptionPlan = { kind: 'full' } | { kind: 'none' } | { kind: 'patch'; patch: OptionRecord }

const isRecord = (v: unknown): v is OptionRecord => typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v) && isPlain(v)

function isPlain(v: object): boolean {
  const proto = Object.getPrototypeOf(v) as unknown
  return proto === Object.prototype || proto === null
}

function isArrayLike(v: unknown): v is ArrayLike<unknown> {
  return Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView))
}

/** Deep equality of option values: plain objects and arrays by content, anything else (functions, canvases) by identity. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b)
  if (isArrayLike(a) && isArrayLike(b)) {
    if (a.length !== b.length || Array.isArray(a) !== Array.isArray(b)) return false
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false
    return true
  }
  if (isRecord(a) && isRecord(b)) {
    const ka = Object.keys(a)
    if (ka.length !== Object.keys(b).length) return false
    for (const k of ka) if (!(k in b) || !sameValue(a[k], b[k])) return false
    return true
  }
  return false
}

/** Same keys all the way down through plain objects (arrays and other values are leaves). */
function sameShape(a: unknown, b: unknown): boolean {
  const ra = isRecord(a)
  if (ra !== isRecord(b)) return false
  if (!ra) return isArrayLike(a) === isArrayLike(b)
  const ka = Object.keys(a)
  const ob = b as OptionRecord
  if (ka.length !== Object.keys(ob).length) return false
  for (const k of ka) if (!(k in ob) || !sameShape(a[k], ob[k])) return false
  return true
}

/**
 * The patch from `prev` to `next` (both complete options), `none` when they
 * are equal, `full` when only the whole option will do.
 */
export function planOption(prev: OptionRecord | null, next: OptionRecord): OptionPlan {
  if (!prev) return { kind: 'full' }
  const keys = Object.keys(next)
  if (keys.length !== Object.keys(prev).length || keys.some((k) => !(k in prev))) return { kind: 'full' }
  const patch: OptionRecord = {}
  let changed = false
  for (const key of keys) {
    const a = prev[key]
    const b = next[key]
    if (sameValue(a, b)) continue
    changed = true
    if (!Array.isArray(b)) {
      // A lone value (animation, backgroundColor) is set; a lone component (tooltip) is merged, so it must keep its shape.
      if (isRecord(b) && !sameShape(a, b)) return { kind: 'full' }
      patch[key] = b
      continue
    }
    if (!Array.isArray(a) || a.length !== b.length) return { kind: 'full' }
    if (!b.some(isRecord)) {
      // A list of values (the palette) is merged by position: same length, so every place is overwritten.
      patch[key] = b
      continue
    }
    const out: OptionRecord[] = []
    for (let i = 0; i < b.length; i++) {
      const x: unknown = a[i]
      const y: unknown = b[i]
      if (!isRecord(x) || !isRecord(y) || x.type !== y.type || x.id !== y.id || y.id === undefined) return { kind: 'full' }
      // Left out, it stays as it is: ECharts matches the entries given to its own by id and keeps the others.
      // (Given even bare, a series would rebuild its data.)
      if (sameValue(x, y)) continue
      if (!sameShape(x, y)) return { kind: 'full' }
      out.push(y)
    }
    patch[key] = out
  }
  return changed ? { kind: 'patch', patch } : { kind: 'none' }
}

/**
 * The option with an id on every entry of its component lists (series,
 * axes, graphic elements...) that has none. ECharts matches a partial list
 * to the one it holds by id first, then by name, then by position: two
 * series of one name (a curve and its lone points) would otherwise be
 * matched by name to the wrong one.
 */
export function withIds(option: OptionRecord): OptionRecord {
  const out: OptionRecord = { ...option }
  for (const key of Object.keys(out)) {
    const list = out[key]
    if (!Array.isArray(list) || !list.some(isRecord)) continue
    out[key] = list.map((entry: unknown, i) => (isRecord(entry) && entry.id === undefined ? { ...entry, id: `${key}-${i}` } : entry))
  }
  return out
}
