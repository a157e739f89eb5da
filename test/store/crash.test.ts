import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createServices } from '../../src-main/services'
import { openDatabase } from '../../src-main/store/database'
import { decodeFloat64 } from '../../src-main/store/blobs'
import { tempDir } from '../cli/runCli'

const CHILD = join(__dirname, 'fixtures', 'saveLoop.ts')
const EARLIER = 20

/** Starts the saving child and kills it with SIGKILL `delayMs` after its earlier runs are saved. */
async function killMidSave(dbPath: string, delayMs: number): Promise<Map<string, string>> {
  const child = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), CHILD, dbPath, String(EARLIER)], { stdio: ['ignore', 'pipe', 'inherit'] })
  const digests = new Map<string, string>()
  let buffer = ''
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString()
      let nl
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl)
        buffer = buffer.slice(nl + 1)
        if (line === 'ready') resolve()
        else {
          const [id, digest] = line.split(' ')
          digests.set(id!, digest!)
        }
      }
    })
    child.on('exit', (code) => reject(new Error(`the child exited early (${code})`)))
  })
  await new Promise((r) => setTimeout(r, delayMs))
  const exited = new Promise((r) => child.once('exit', r))
  child.kill('SIGKILL')
  await exited
  return digests
}

describe('a process killed with SIGKILL in the middle of saving', () => {
  it.each([[60], [170], [330]])('leaves an intact database and every earlier run as it was (kill after %i ms)', async (delay) => {
    const path = join(tempDir(), 'crash.db')
    const digests = await killMidSave(path, delay)
    expect(digests.size).toBe(EARLIER)
    const db = openDatabase(path)
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    expect(db.pragma('foreign_key_check')).toEqual([])
    for (const [id, digest] of digests) {
      const row = db.prepare('SELECT status FROM runs WHERE id = ?').get(id) as { status: string }
      expect(row.status).toBe('done')
      const blob = db.prepare("SELECT data FROM run_arrays WHERE run_id = ? AND name = 'yHat'").get(id) as { data: Buffer }
      expect(createHash('sha256').update(Buffer.from(decodeFloat64(blob.data).buffer)).digest('hex')).toBe(digest)
    }
    // Whatever the kill interrupted is either absent, still queued, or complete: never half-written.
    const later = db.prepare("SELECT id, status FROM runs WHERE id LIKE 'later%'").all() as { id: string; status: string }[]
    expect(later.length).toBeGreaterThan(0)
    for (const r of later) {
      const arrays = db.prepare('SELECT COUNT(*) AS n, MIN(LENGTH(data)) AS len FROM run_arrays WHERE run_id = ?').get(r.id) as { n: number; len: number }
      if (r.status === 'done') expect(arrays).toEqual({ n: 5, len: 300_000 * 8 })
      else {
        expect(r.status).toBe('queued')
        expect(arrays.n).toBe(0)
      }
    }
    db.close()
    // Reopened by the app, runs the dead process left queued are marked interrupted.
    const services = createServices({ databasePath: path, transport: 'cli', experimentWorkers: 1 })
    const queued = later.filter((r) => r.status === 'queued').map((r) => r.id)
    expect(services.interrupted.sort()).toEqual(queued.sort())
    for (const id of queued) expect(services.store.summary(id).status).toBe('interrupted')
    await services.close()
  })
})
