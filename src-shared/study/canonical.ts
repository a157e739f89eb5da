/**
 * A cell is known by its parameter values, written as canonical JSON (keys
 * sorted at every level), so the same cell has the same key however the
 * study file orders its axes: re-running or extending a study finds the runs
 * it already has by this key.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (typeof value === 'object' && value !== null) {
    const obj = value as Record<string, unknown>
    return `{${Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`)
      .join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

/**
 * A short fingerprint of a string: FNV-1a, 64 bits, over its UTF-16 code
 * units (for ASCII text exactly the standard FNV-1a of its bytes), as 16 hex
 * digits. It names a cell in file names and Slurm task tags, where the key
 * itself is too long. Not cryptographic; a collision within one study is
 * checked for and refused (cells.ts).
 */
export function fingerprint(text: string): string {
  const MASK = (1n << 64n) - 1n
  let h = 0xcbf29ce484222325n
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i))
    h = (h * 0x100000001b3n) & MASK
  }
  return h.toString(16).padStart(16, '0')
}
