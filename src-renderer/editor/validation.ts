import type { DataSpecInput, ExperimentSpecInput } from '../../src-shared/api/spec'

/**
 * What the editor's validation answers, apart from the code that computes
 * it: the 1-D model (editorModel.ts) and the vector form (vectorEditor.ts)
 * both speak it, and each imports it from here.
 */

export type FieldKey =
  | 'presetSeed'
  | 'presetN'
  | 'gen.n'
  | 'gen.noiseSd'
  | 'gen.xMin'
  | 'gen.xMax'
  | 'gen.queryStep'
  | 'gen.seed'
  | 'imported'
  | 'sigma'
  | 'w0'
  | 'lr'
  | 'epochs'
  | 'batchSize'
  | 'trainSeed'
  | 'name'
  | 'spec'

export interface Validation {
  errors: Partial<Record<FieldKey, string>>
  /** The data part alone, when it is valid (the preview and bandwidth suggestions need only that). */
  data: DataSpecInput | null
  spec: ExperimentSpecInput | null
}
