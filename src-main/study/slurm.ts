import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { z } from 'zod'
import { normalizeSpec } from '../../src-shared/experiment/normalize'
import { InputError } from '../../src-shared/errors'
import { replicateSpec, type StudyCell } from '../../src-shared/study/cells'
import { estimateRunMs } from '../../src-shared/study/estimate'
import { studySchema, type Study } from '../../src-shared/study/studySpec'
import { describeFsError, makeDirs } from '../fsErrors'
import { APP_ROOT } from '../runtime'
import type { RunStore } from '../store/runStore'
import { slotKey } from '../store/studyStore'
import { APP_VERSION } from '../version'

/**
 * A study as a Slurm job array (issue 14: no scheduler of our own). Every
 * planned run without a done run becomes a spec file that `nw-workbench run
 * --spec` takes as it is; runs are packed into tasks (one per run when runs
 * are long, several when they are short), and DIR/study.sbatch runs task
 * $SLURM_ARRAY_TASK_ID: each of its runs into a database of its own, then
 * that database as one bundle in DIR/results/, which `sweep collect` imports.
 * A run's spec carries a tag naming its cell and replicate, so collect can
 * link it whatever task ran it.
 */

export const MANIFEST_FORMAT = 'nw-workbench-slurm'
export const MANIFEST_VERSION = 1
/** Slurm's default MaxArraySize is 1001 (indices 0..1000). */
export const MAX_TASKS = 1000
/** Runs are packed into a task until its estimated time reaches this (start-up costs about half a second a run). */
const TASK_TARGET_MS = 60_000

export const manifestSchema = z
  .object({
    format: z.literal(MANIFEST_FORMAT),
    version: z.literal(MANIFEST_VERSION),
    appVersion: z.string(),
    createdAt: z.number(),
    studyId: z.string().regex(/^[a-z0-9]{4,40}$/),
    study: studySchema,
    tasks: z.array(z.object({ task: z.number().int().min(0), runs: z.array(z.object({ file: z.string(), cellKey: z.string(), replicate: z.number().int().min(0) }).strict()) }).strict()),
  })
  .strict()
export type Manifest = z.output<typeof manifestSchema>

/** The tag a study run carries through Slurm: its cell's fingerprint and its replicate (at most 30 characters). */
export function slotTag(cellId: string, replicate: number): string {
  return `nw-slot-${cellId}-${replicate}`
}

export function parseSlotTag(tag: string): { cellId: string; replicate: number } | null {
  const m = /^nw-slot-([0-9a-f]{16})-(\d+)$/.exec(tag)
  return m ? { cellId: m[1]!, replicate: Number(m[2]) } : null
}

function quote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`
}

function slurmTime(ms: number): string {
  const minutes = Math.max(10, Math.ceil(ms / 60_000))
  const h = Math.floor(minutes / 60)
  const m = minutes % 60
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00`
}

export interface EmitOptions {
  /** Runs per task; default: packed to about a minute of estimated work, at most MAX_TASKS tasks. */
  runsPerTask?: number
}

export interface EmitResult {
  studyId: string
  dir: string
  runs: number
  tasks: number
  /** Slots already done in the database, so not written. */
  alreadyDone: number
  /** Task results in DIR/results that no collect has read yet (they would be computed again). */
  uncollected: string[]
}

/** The job-array script: plain bash under its #SBATCH lines, so `SLURM_ARRAY_TASK_ID=3 bash study.sbatch` runs task 3 anywhere. */
export function sbatchScript(o: { dir: string; name: string; studyId: string; runs: number; cells: number; tasks: number; timeMs: number; bin: string }): string {
  const dir = quote(o.dir)
  return `#!/bin/bash
#SBATCH --job-name=nw-study-${o.studyId}
#SBATCH --array=0-${o.tasks - 1}
#SBATCH --output=${o.dir}/logs/task-%a.out
#SBATCH --cpus-per-task=1
#SBATCH --time=${slurmTime(o.timeMs)}
#
# nw-workbench study ${JSON.stringify(o.name)} (id ${o.studyId}): ${o.runs} run${o.runs === 1 ? '' : 's'} of ${o.cells} cell${o.cells === 1 ? '' : 's'} in ${o.tasks} task${o.tasks === 1 ? '' : 's'}.
# Written by nw-workbench ${APP_VERSION} (sweep --emit slurm). Add your cluster's options (-p PARTITION, --mem, ...)
# above or on the sbatch command line. Submit:    sbatch ${o.dir}/study.sbatch
# Run one task on any machine:                   SLURM_ARRAY_TASK_ID=3 bash ${o.dir}/study.sbatch
# Then import the results into the study:        nw-workbench sweep collect ${o.dir} --db YOUR.db
# Each run is an independent \`nw-workbench run --spec\`; the task's runs go to a database of
# its own and leave as one bundle in results/.
set -u
DIR=${dir}
TASK="\${SLURM_ARRAY_TASK_ID:?set SLURM_ARRAY_TASK_ID to the task to run (sbatch --array sets it)}"
# The nw-workbench to run: $NW_WORKBENCH if set, else the one that wrote this script, else the one on PATH.
if [ -n "\${NW_WORKBENCH:-}" ]; then
  read -r -a NW <<< "$NW_WORKBENCH"
elif [ -f ${quote(o.bin)} ]; then
  NW=(node ${quote(o.bin)})
else
  NW=(nw-workbench)
fi
LIST="$DIR/tasks/$TASK.txt"
if [ ! -f "$LIST" ]; then
  echo "nw-workbench: there is no task $TASK in $DIR/tasks" >&2
  exit 2
fi
mkdir -p "$DIR/work" "$DIR/results" "$DIR/logs"
DB="$DIR/work/task-$TASK.db"
rm -f "$DB" "$DB-wal" "$DB-shm"
failed=0
while IFS= read -r spec; do
  [ -n "$spec" ] || continue
  log="$DIR/logs/$(basename "$spec" .json).log"
  if ! "\${NW[@]}" run --spec "$DIR/$spec" --db "$DB" > "$log" 2>&1; then
    echo "nw-workbench: $spec did not finish (see $log)" >&2
    failed=$((failed + 1))
  fi
done < "$LIST"
ids=$("\${NW[@]}" list --db "$DB" --json | node -e 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => process.stdout.write(JSON.parse(s).map((r) => r.id).join(" ")))')
if [ -n "$ids" ]; then
  # Written under another name and renamed, so collect never reads half a file.
  "\${NW[@]}" bundle export $ids --out "$DIR/results/task-$TASK.json.part" --db "$DB" > /dev/null &&
    mv "$DIR/results/task-$TASK.json.part" "$DIR/results/task-$TASK.json"
fi
rm -f "$DB" "$DB-wal" "$DB-shm"
echo "nw-workbench: task $TASK: $(wc -l < "$LIST") run(s), $failed did not finish"
[ "$failed" -eq 0 ]
`
}

/**
 * Writes the study's missing runs as a Slurm job array in `dir` and stores
 * the study in the database (so collect can attach what comes back).
 * Re-emitting writes only the runs that are still missing or failed.
 */
export function emitSlurm(store: RunStore, study: Study, cells: StudyCell[], dir: string, newId: string, options: EmitOptions = {}): EmitResult {
  const abs = resolve(dir)
  const { id: studyId } = store.studies.save(newId, study, cells, null, Date.now())
  const done = store.studies.doneSlots(studyId)
  const pending: { cell: StudyCell; replicate: number; ms: number }[] = []
  for (let r = 0; r < study.replicates; r++) {
    for (const cell of cells) {
      if (done.has(slotKey(cell.key, r))) continue
      pending.push({ cell, replicate: r, ms: estimateRunMs(normalizeSpec(replicateSpec(study, cell, r))) + 500 })
    }
  }
  const uncollected = existsSync(join(abs, 'results')) ? readdirSync(join(abs, 'results')).filter((f) => /^task-\d+\.json$/.test(f)) : []
  const result = { studyId, dir: abs, runs: pending.length, tasks: 0, alreadyDone: cells.length * study.replicates - pending.length, uncollected }
  if (pending.length === 0) return result
  // Pack runs into tasks: a fixed count if asked, else about TASK_TARGET_MS of work each, never more than MAX_TASKS tasks.
  const totalMs = pending.reduce((t, p) => t + p.ms, 0)
  const target = Math.max(TASK_TARGET_MS, totalMs / MAX_TASKS)
  const tasks: (typeof pending)[] = []
  let current: typeof pending = []
  let ms = 0
  for (const p of pending) {
    const full = options.runsPerTask ? current.length >= options.runsPerTask : current.length > 0 && ms + p.ms > target
    if (full) {
      tasks.push(current)
      current = []
      ms = 0
    }
    current.push(p)
    ms += p.ms
  }
  if (current.length) tasks.push(current)
  if (tasks.length > MAX_TASKS) {
    throw new InputError(`${tasks.length} tasks is more than a Slurm array takes by default (${MAX_TASKS}); give --runs-per-task ${Math.ceil(pending.length / MAX_TASKS)} or more`)
  }
  try {
    for (const sub of ['cells', 'tasks']) rmSync(join(abs, sub), { recursive: true, force: true })
    for (const sub of ['cells', 'tasks', 'results', 'logs', 'work']) makeDirs(join(abs, sub))
    const manifestTasks: Manifest['tasks'] = []
    tasks.forEach((runs, task) => {
      const files = runs.map((p) => {
        const file = `cells/${p.cell.id}-r${p.replicate}.json`
        const spec = replicateSpec(study, p.cell, p.replicate)
        spec.tags = [...spec.tags.slice(0, 49), slotTag(p.cell.id, p.replicate)]
        writeFileSync(join(abs, file), JSON.stringify(spec, null, 1) + '\n')
        return { file, cellKey: p.cell.key, replicate: p.replicate }
      })
      writeFileSync(join(abs, 'tasks', `${task}.txt`), files.map((f) => f.file).join('\n') + '\n')
      manifestTasks.push({ task, runs: files })
    })
    const manifest: Manifest = { format: MANIFEST_FORMAT, version: MANIFEST_VERSION, appVersion: APP_VERSION, createdAt: Date.now(), studyId, study, tasks: manifestTasks }
    writeFileSync(join(abs, 'manifest.json'), JSON.stringify(manifest, null, 1) + '\n')
    const longest = tasks.reduce((m, t) => Math.max(m, t.reduce((s, p) => s + p.ms, 0)), 0)
    const script = sbatchScript({ dir: abs, name: study.name, studyId, runs: pending.length, cells: cells.length, tasks: tasks.length, timeMs: 3 * longest + 5 * 60_000, bin: join(APP_ROOT, 'bin', 'nw-workbench.js') })
    writeFileSync(join(abs, 'study.sbatch'), script, { mode: 0o755 })
  } catch (e) {
    if (e instanceof InputError) throw e
    throw describeFsError(abs, e)
  }
  return { ...result, tasks: tasks.length }
}
