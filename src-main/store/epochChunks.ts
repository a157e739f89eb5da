import type { Statement } from 'better-sqlite3'
import type { EpochRecord } from '../../src-shared/engine/sgd'
import { decodeFloat64, encodeFloat64 } from './blobs'

/**
 * A training curve kept as chunks of consecutive epochs (run_epochs), so it
 * can be appended while the run trains: a crash loses at most the chunk not
 * yet written. Runs saved before migration 3 keep their curve as the
 * epochLoss and epochW arrays, which `readEpochs` still reads.
 */

type Prepare = (sql: string) => Statement<unknown[]>

/** Appends records whose epochs follow those stored (`stored` of them); returns how many were written. */
/**
 * The records not stored yet (epochs after the `stored` first), checked to
 * continue the stored curve without a gap: a scalar w's epochs and a width
 * vector's alike.
 */
export function freshEpochs<R extends { epoch: number }>(records: readonly R[], stored: number): R[] {
  const fresh = records.filter((r) => r.epoch > stored)
  if (fresh.length === 0) return fresh
  const first = fresh[0]!.epoch
  fresh.forEach((r, k) => {
    if (r.epoch !== first + k) throw new Error(`epoch records must be consecutive (got ${r.epoch} after ${first + k - 1})`)
  })
  if (first !== stored + 1) throw new Error(`epoch ${first} does not follow the ${stored} stored`)
  return fresh
}

export function appendEpochChunk(prepare: Prepare, runId: string, stored: number, records: readonly EpochRecord[]): number {
  const fresh = freshEpochs(records, stored)
  if (fresh.length === 0) return 0
  const first = fresh[0]!.epoch
  prepare('INSERT INTO run_epochs (run_id, first_epoch, loss, w) VALUES (?, ?, ?, ?)').run(
    runId,
    first,
    encodeFloat64(fresh.map((r) => r.loss)),
    encodeFloat64(fresh.map((r) => r.w)),
  )
  return fresh.length
}

export function readEpochs(prepare: Prepare, runId: string): EpochRecord[] {
  const chunks = prepare('SELECT first_epoch, loss, w FROM run_epochs WHERE run_id = ? ORDER BY first_epoch').all(runId) as {
    first_epoch: number
    loss: Buffer
    w: Buffer
  }[]
  const out: EpochRecord[] = []
  if (chunks.length === 0) {
    const legacy = prepare(`SELECT name, data FROM run_arrays WHERE run_id = ? AND name IN ('epochLoss', 'epochW')`).all(runId) as { name: string; data: Buffer }[]
    const loss = legacy.find((a) => a.name === 'epochLoss')
    const w = legacy.find((a) => a.name === 'epochW')
    if (!loss || !w) return out
    const l = decodeFloat64(loss.data)
    const ws = decodeFloat64(w.data)
    for (let i = 0; i < l.length; i++) out.push({ epoch: i + 1, loss: l[i]!, w: ws[i]! })
    return out
  }
  for (const c of chunks) {
    const l = decodeFloat64(c.loss)
    const ws = decodeFloat64(c.w)
    for (let i = 0; i < l.length; i++) out.push({ epoch: c.first_epoch + i, loss: l[i]!, w: ws[i]! })
  }
  return out
}

/** The last stored epoch's record, without reading the whole curve. */
export function lastEpoch(prepare: Prepare, runId: string): EpochRecord | null {
  const c = prepare('SELECT first_epoch, loss, w FROM run_epochs WHERE run_id = ? ORDER BY first_epoch DESC LIMIT 1').get(runId) as
    | { first_epoch: number; loss: Buffer; w: Buffer }
    | undefined
  if (!c) return null
  const l = decodeFloat64(c.loss)
  const ws = decodeFloat64(c.w)
  return { epoch: c.first_epoch + l.length - 1, loss: l[l.length - 1]!, w: ws[ws.length - 1]! }
}
