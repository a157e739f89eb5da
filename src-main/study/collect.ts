import { existsSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { bundleV2Schema, type Bundle } from '../../src-shared/api/bundle'
import type { StudyDetail } from '../../src-shared/api/studies'
import { describeZodError } from '../../src-shared/api/zodHelpers'
import { InputError } from '../../src-shared/errors'
import type { StudyRunRecord } from '../../src-shared/study/aggregate'
import { enumerateCells } from '../../src-shared/study/cells'
import { paramsLabel } from '../../src-shared/study/labels'
import { readText } from '../cli/files'
import type { RunStore } from '../store/runStore'
import { slotKey } from '../store/studyStore'
import { manifestSchema, parseSlotTag, type Manifest } from './slurm'

export interface SlotReport {
  params: Record<string, unknown>
  replicate: number
  /** Why the run failed (failed slots only). */
  error?: string
}

export interface CollectResult {
  studyId: string
  /** Task result files read. */
  files: number
  /** Runs imported and linked to their slots now. */
  attached: number
  /** Runs in the results that were already here, or whose slot already had a done run. */
  skipped: number
  detail: StudyDetail
  failed: SlotReport[]
  missing: SlotReport[]
  /** Result files that could not be read (named, with why). */
  unreadable: string[]
}

export function readManifest(dir: string): Manifest {
  const path = join(dir, 'manifest.json')
  if (!existsSync(path)) throw new InputError(`${dir} holds no manifest.json: is it a folder written by sweep --emit slurm?`)
  let raw: unknown
  try {
    raw = JSON.parse(readText(dir, 'manifest.json'))
  } catch (e) {
    if (e instanceof InputError) throw e
    throw new InputError(`${path}: not valid JSON`)
  }
  const parsed = manifestSchema.safeParse(raw)
  if (!parsed.success) throw new InputError(`${path}: not a sweep manifest: ${describeZodError(parsed.error)}`)
  return parsed.data
}

/**
 * Imports the task results of a Slurm study (DIR/results/task-N.json
 * bundles) into its study and reports the runs that failed or never came
 * back. Idempotent: results already collected are skipped, so it can run
 * after every batch of finished tasks. A run is linked by the slot tag its
 * spec carried; the tag is removed once it is linked.
 */
export function collectSlurm(store: RunStore, dir: string): CollectResult {
  const abs = resolve(dir)
  const manifest = readManifest(abs)
  const cells = enumerateCells(manifest.study)
  // The database may not know the study (collected elsewhere than emitted): store it under the manifest's id.
  const known = store.studies.idByName(manifest.study.name)
  const studyId = known ?? store.studies.save(manifest.studyId, manifest.study, cells, null, Date.now()).id
  const keyById = new Map(store.studies.cells(studyId).map((c) => [c.id, c.key]))
  const resultsDir = join(abs, 'results')
  const files = existsSync(resultsDir) ? readdirSync(resultsDir).filter((f) => /^task-\d+\.json$/.test(f)).sort() : []
  let attached = 0
  let skipped = 0
  const unreadable: string[] = []
  for (const file of files) {
    let bundle: Bundle
    try {
      const parsed = bundleV2Schema.safeParse(JSON.parse(readText(resultsDir, file)))
      if (!parsed.success) throw new InputError(describeZodError(parsed.error))
      bundle = parsed.data
    } catch (e) {
      unreadable.push(`${file}: ${(e as Error).message.split('\n')[0]}`)
      continue
    }
    const done = store.studies.doneSlots(studyId)
    const wanted: { run: Bundle['runs'][number]; cellKey: string; replicate: number; tag: string }[] = []
    for (const run of bundle.runs) {
      const tag = run.tags.find((t) => parseSlotTag(t) !== null)
      const slot = tag ? parseSlotTag(tag) : null
      const cellKey = slot ? keyById.get(slot.cellId) : undefined
      if (!tag || !slot || cellKey === undefined || slot.replicate >= manifest.study.replicates || done.has(slotKey(cellKey, slot.replicate))) {
        skipped++
        continue
      }
      wanted.push({ run, cellKey, replicate: slot.replicate, tag })
    }
    store.batch(() => {
      const r = store.importBundle({ ...bundle, runs: wanted.map((w) => w.run) }, 'sweep-collect')
      const imported = new Set(r.imported)
      for (const w of wanted) {
        if (!imported.has(w.run.id)) {
          skipped++
          continue
        }
        if (store.studies.attach(studyId, w.run.id, w.cellKey, w.replicate)) {
          store.tag(w.run.id, [], [w.tag])
          attached++
        } else {
          store.purge([w.run.id])
          skipped++
        }
      }
    })
  }
  const detail = store.studies.detail(studyId)
  const failed: SlotReport[] = []
  const missing: SlotReport[] = []
  const bySlot = new Map<string, StudyRunRecord[]>()
  for (const x of store.studies.records(studyId)) {
    const key = slotKey(x.cellKey, x.replicate)
    const list = bySlot.get(key)
    if (list) list.push(x)
    else bySlot.set(key, [x])
  }
  for (const cell of detail.cells) {
    for (let r = 0; r < detail.replicates; r++) {
      const runs = bySlot.get(slotKey(cell.key, r)) ?? []
      if (runs.some((x) => x.status === 'done')) continue
      if (runs.length === 0) missing.push({ params: cell.params, replicate: r })
      else {
        const summary = store.summary(runs[0]!.id)
        failed.push({ params: cell.params, replicate: r, error: summary.error ? `${summary.error.name}: ${summary.error.message}` : summary.status })
      }
    }
  }
  store.studies.setStatus(studyId, failed.length === 0 && missing.length === 0 ? 'done' : 'partial', Date.now())
  return { studyId, files: files.length, attached, skipped, detail: store.studies.detail(studyId), failed, missing, unreadable }
}

export function describeSlot(s: SlotReport): string {
  return `${paramsLabel(s.params)}, replicate ${s.replicate + 1}${s.error ? `: ${s.error}` : ''}`
}
