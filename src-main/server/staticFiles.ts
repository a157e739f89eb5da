import { readFile, stat } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
}

export function contentType(path: string): string {
  return TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream'
}

/**
 * The file under `root` a URL path names, or null: never a path outside root
 * (however it is encoded: "..", "%2e%2e", backslashes), never a NUL. "/" is
 * index.html. Shared by browser mode and the desktop app's app:// protocol.
 */
export function resolveStaticPath(root: string, urlPath: string): string | null {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return null
  }
  if (decoded.includes('\0')) return null
  const rel = normalize(decoded === '/' || decoded === '' ? '/index.html' : decoded).replace(/^([/\\])+/, '')
  const full = join(root, rel)
  if (full === root || !full.startsWith(root.endsWith(sep) ? root : root + sep)) return null
  return full
}

/** A file under `root` for a URL path, or null: never a file outside root, never a folder. */
export async function readStatic(root: string, urlPath: string): Promise<{ body: Buffer; type: string } | null> {
  const full = resolveStaticPath(root, urlPath)
  if (!full) return null
  try {
    const s = await stat(full)
    if (!s.isFile()) return null
    return { body: await readFile(full), type: contentType(full) }
  } catch {
    return null
  }
}
