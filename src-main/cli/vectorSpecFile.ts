import { vectorFileDataSchema } from '../../src-shared/api/vectorSpec'
import { describeZodError } from '../../src-shared/api/zodHelpers'
import { InputError } from '../../src-shared/errors'
import { readFeatures, readLabels } from './vectorInputs'

/**
 * A spec's vector data given as files ({trainFile, queryFile, features,
 * target, truth?}), read into inline vector data the way `fit --features
 * --target` reads them: numeric feature columns, and a numeric target
 * (regression) or a text class column (classification, as the spec's task
 * says). `base` is the spec file's folder, which the paths are relative to.
 */
export async function readVectorFiles(base: string, specPath: string, data: object, task: unknown): Promise<Record<string, unknown>> {
  const parsed = vectorFileDataSchema.safeParse(data)
  if (!parsed.success) throw new InputError(`${specPath}: data: ${describeZodError(parsed.error)}`)
  const f = parsed.data
  if (f.features.some((name) => name.toLowerCase() === f.target.toLowerCase())) throw new InputError(`${specPath}: data: column "${f.target}" cannot be both a feature and the target`)
  const source = `${f.trainFile}, ${f.queryFile}`
  if (task === 'classification') {
    if (f.truth !== undefined) throw new InputError(`${specPath}: data.truth: classification reads the query file's "${f.target}" column as the truth; leave truth out`)
    const train = await readFeatures(base, f.trainFile, f.features)
    const query = await readFeatures(base, f.queryFile, f.features)
    const labelsTrain = readLabels(base, f.trainFile, f.target, true)!
    const labelsQuery = readLabels(base, f.queryFile, f.target, false)
    if (labelsTrain.length !== train.rows) throw new InputError(`${f.trainFile}: ${train.rows} rows of features but ${labelsTrain.length} class labels`)
    if (labelsQuery && labelsQuery.length !== query.rows) throw new InputError(`${f.queryFile}: ${query.rows} rows of features but ${labelsQuery.length} class labels`)
    return { features: f.features, target: f.target, xTrain: Array.from(train.x), labelsTrain, xQuery: Array.from(query.x), ...(labelsQuery ? { labelsQuery } : {}), source }
  }
  const train = await readFeatures(base, f.trainFile, f.features, [f.target])
  const query = await readFeatures(base, f.queryFile, f.features, f.truth ? [f.truth] : [])
  return {
    features: f.features,
    target: f.target,
    xTrain: Array.from(train.x),
    yTrain: Array.from(train.extra[f.target]!),
    xQuery: Array.from(query.x),
    yTruth: f.truth ? Array.from(query.extra[f.truth]!) : null,
    source,
  }
}
