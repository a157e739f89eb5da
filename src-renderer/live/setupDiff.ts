import type { DataSpecInput, ExperimentSpecInput } from '../../src-shared/api/spec'
import { dataSpecSchema } from '../../src-shared/api/spec'
import { kernelInfo, type KernelId } from '../../src-shared/engine/kernels'

/**
 * How a saved run differs from what the editor now says, in words, for the
 * mark on a run that is "not the current setup".
 */

export interface StoredRunSetup {
  spec: unknown
  kernel: KernelId
  sigma: number | null
  mode: 'nonparametric' | 'parametric'
  data: { kind: 'preset' | 'generator' | 'inline'; label: string; nTrain: number }
  training: { w0Spec: number | 'random'; lr: number; epochs: number; loss: string; loo: boolean; batchSize: number | null; seed: number } | null
}

export interface EditorSetup {
  data: DataSpecInput | null
  kernel: KernelId
  sigma: number | null
  mode: 'nonparametric' | 'parametric'
  spec: ExperimentSpecInput | null
}

function sameData(run: StoredRunSetup, data: DataSpecInput): boolean {
  const stored = (run.spec as { data?: Record<string, unknown> } | null)?.data ?? {}
  if ('xTrain' in data) {
    // The stored spec leaves imported arrays out: compare what it keeps.
    return run.data.kind === 'inline' && run.data.nTrain === data.xTrain.length && (data.source === undefined || stored.source === data.source)
  }
  if (run.data.kind === 'inline') return false
  const parsed = dataSpecSchema.safeParse(data)
  return parsed.success && JSON.stringify(parsed.data) === JSON.stringify(stored)
}

const num = (v: number | null) => (v === null ? '—' : String(Number(v.toPrecision(6))))

/** Each difference as "what: run's → editor's"; empty when the editor would make this run again. */
export function setupDifferences(run: StoredRunSetup, editor: EditorSetup): string[] {
  const out: string[] = []
  if (editor.data && !sameData(run, editor.data)) out.push('data')
  if (run.kernel !== editor.kernel) out.push(`kernel: ${kernelInfo(run.kernel).label} → ${kernelInfo(editor.kernel).label}`)
  if (editor.sigma !== null && run.sigma !== editor.sigma) out.push(`σ: ${num(run.sigma)} → ${num(editor.sigma)}`)
  if (run.mode !== editor.mode) out.push(`mode: ${run.mode} → ${editor.mode}`)
  const t = run.training
  const e = editor.spec?.training
  if (run.mode === 'parametric' && editor.mode === 'parametric' && t && e) {
    const pairs: [string, unknown, unknown][] = [
      ['w0', t.w0Spec, e.w0 ?? 'random'],
      ['learning rate', t.lr, e.lr],
      ['epochs', t.epochs, e.epochs],
      ['loss', t.loss, e.loss],
      ['leave-one-out', t.loo, e.loo],
      ['batch size', t.batchSize, e.batchSize ?? null],
    ]
    for (const [label, a, b] of pairs) if (b !== undefined && a !== b) out.push(`${label}: ${String(a)} → ${String(b)}`)
    if (e.seed !== undefined && e.seed !== t.seed) out.push(`training seed: ${t.seed} → ${e.seed}`)
  }
  return out
}
