import { csvChunks } from '../../../src-shared/csv'
import { generateDataset, type GeneratorParams } from '../../../src-shared/engine/data'
import { TARGET_FUNCTION_IDS } from '../../../src-shared/engine/functions'
import { PRESET_IDS, presetGeneratorParams, type PresetId } from '../../../src-shared/engine/presets'
import { MAX_SEED } from '../../../src-shared/engine/rng'
import { writeFilesAtomically } from '../../atomicWrite'
import type { Command } from '../command'
import { choiceFlag, numberFlag, stringFlag, UsageError } from '../flags'
import { printJson } from '../json'

export const generateCommand: Command = {
  name: 'generate',
  help: `Usage: nw-workbench generate --preset NAME --seed N [--n N] --out-train T.csv --out-query Q.csv [--json]
       nw-workbench generate --fn F --seed N --n N [--noise SD] [--x-min A] [--x-max B] [--query-step S] --out-train T.csv --out-query Q.csv

Draws n sorted uniform inputs on [x-min, x-max), adds normal noise to f(x), and
writes them (columns x,y) and a regular query grid with its noise-free truth
(columns x,truth).

  --preset NAME      ${PRESET_IDS.join(' | ')} (the chapter's three editions)
  --fn F             ${TARGET_FUNCTION_IDS.join(' | ')} (instead of a preset)
  --seed N           integer in [0, ${MAX_SEED}]
  --n N              number of training points (default: the preset's)
  --noise SD         noise standard deviation (default 0.5)
  --x-min A, --x-max B   input range (default [0, 5))
  --query-step S     query spacing (default 0.1)
  --out-train FILE, --out-query FILE   where to write
  --json             print a summary as JSON`,
  flags: {
    preset: { type: 'string' },
    fn: { type: 'string' },
    seed: { type: 'string' },
    n: { type: 'string' },
    noise: { type: 'string' },
    'x-min': { type: 'string' },
    'x-max': { type: 'string' },
    'query-step': { type: 'string' },
    'out-train': { type: 'string' },
    'out-query': { type: 'string' },
    json: { type: 'boolean' },
  },
  run({ values, io }) {
    const seed = numberFlag(values, 'seed', { required: true, integer: true, min: 0, max: MAX_SEED })
    const n = numberFlag(values, 'n', { integer: true, min: 1 })
    const outTrain = stringFlag(values, 'out-train', true)
    const outQuery = stringFlag(values, 'out-query', true)
    let params: GeneratorParams
    if (values.preset !== undefined) {
      if (values.fn !== undefined) throw new UsageError('give either --preset or --fn, not both')
      for (const f of ['noise', 'x-min', 'x-max', 'query-step']) {
        if (values[f] !== undefined) throw new UsageError(`--${f} only applies with --fn; a preset fixes it`)
      }
      params = presetGeneratorParams(choiceFlag<PresetId>(values, 'preset', PRESET_IDS), seed, n)
    } else if (values.fn !== undefined) {
      if (n === undefined) throw new UsageError('missing required flag --n (with --fn)')
      params = {
        fn: choiceFlag(values, 'fn', TARGET_FUNCTION_IDS),
        n,
        seed,
        noiseSd: numberFlag(values, 'noise', { min: 0 }) ?? 0.5,
        xMin: numberFlag(values, 'x-min') ?? 0,
        xMax: numberFlag(values, 'x-max') ?? 5,
        queryStep: numberFlag(values, 'query-step', { min: 0, exclusiveMin: true }) ?? 0.1,
      }
    } else {
      throw new UsageError('missing required flag --preset (or --fn for a custom generator)')
    }
    const ds = generateDataset(params)
    // Both files or neither: a bad second path must not leave the first behind.
    writeFilesAtomically(io.cwd, [
      { path: outTrain, content: csvChunks({ x: ds.xTrain, y: ds.yTrain }) },
      { path: outQuery, content: csvChunks({ x: ds.xQuery, truth: ds.yTruth! }) },
    ])
    if (values.json) {
      printJson(io.stdout, { train: outTrain, query: outQuery, n: ds.xTrain.length, queries: ds.xQuery.length, params })
    } else {
      io.stdout(`wrote ${ds.xTrain.length} training points to ${outTrain} and ${ds.xQuery.length} queries to ${outQuery}\n`)
    }
  },
}
