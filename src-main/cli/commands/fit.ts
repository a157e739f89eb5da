import { nwPredict, nwWeights } from '../../../src-shared/engine/estimate'
import { KERNEL_IDS, type KernelId } from '../../../src-shared/engine/kernels'
import { parallelPredict } from '../../parallel/parallelPredict'
import type { Command } from '../command'
import { choiceFlag, numberFlag, stringFlag, UsageError } from '../flags'
import { readQueryFile, readTrainingFile } from '../files'
import { jsonMatrix, printJson } from '../json'
import { OUT_FLAG, OUT_HELP, outFlag, writeEstimatesCsv } from '../outCsv'
import { formatTable } from '../table'

export const fitCommand: Command = {
  name: 'fit',
  help: `Usage: nw-workbench fit --train T.csv --query Q.csv --kernel K --sigma S [--weights] [--out FILE.csv] [--json]

  --train FILE    training pairs, columns x,y (CSV, TSV, Parquet or Arrow/Feather)
  --query FILE    queries, column x (and truth, if known)
  --kernel K      ${KERNEL_IDS.join(' | ')}
  --sigma S       bandwidth, > 0
  --weights       also output the attention-weight matrix (queries x keys)
  --threads N     split the queries across N worker threads (identical results; pays off
                  for very large problems on machines with free cores; default 1)
${OUT_HELP}
  --json          {"yHat": [...], "weights": [[...]], "undefinedQueries": [...],
                   "algorithm": "dense" | "compact" | "window" | "fgt" | ..., "errorBound": ...}

A query that no key reaches (a compact kernel and a small sigma) has no
estimate: its yHat is null and its index is listed in undefinedQueries.`,
  flags: {
    train: { type: 'string' },
    query: { type: 'string' },
    kernel: { type: 'string' },
    sigma: { type: 'string' },
    weights: { type: 'boolean' },
    threads: { type: 'string' },
    ...OUT_FLAG,
    json: { type: 'boolean' },
  },
  async run({ values, io }) {
    const trainPath = stringFlag(values, 'train', true)
    const queryPath = stringFlag(values, 'query', true)
    const kernel = choiceFlag<KernelId>(values, 'kernel', KERNEL_IDS)
    const sigma = numberFlag(values, 'sigma', { required: true, min: 0, exclusiveMin: true })
    const threads = numberFlag(values, 'threads', { integer: true, min: 1, max: 256 }) ?? 1
    if (threads > 1 && values.weights) throw new UsageError('--threads does not apply with --weights (the weight matrix is built on one thread)')
    const outPath = outFlag(values)
    const train = await readTrainingFile(io.cwd, trainPath)
    const query = await readQueryFile(io.cwd, queryPath)
    const problem = { keys: train.x, values: train.y, queries: query.x, kernel, sigma }
    const dense = values.weights === true ? nwWeights(problem) : null
    const result = dense ?? (threads > 1 ? await parallelPredict(problem, { threads }) : nwPredict(problem))
    if (result.undefinedQueries.length > 0) {
      io.stderr(
        `nw-workbench: ${result.undefinedQueries.length} of ${query.x.length} queries have no key within reach of the ${kernel} kernel at sigma ${sigma}; their estimate is undefined (null)\n`,
      )
    }
    if (outPath !== undefined) writeEstimatesCsv(io.cwd, outPath, query, result.yHat)
    if (values.json) {
      const out: Record<string, unknown> = { yHat: result.yHat }
      if (dense) out.weights = jsonMatrix(dense.weights, dense.rows, dense.cols)
      out.undefinedQueries = result.undefinedQueries
      // How the estimates were computed, and the bound on their error the engine guarantees (0: exact up to rounding).
      out.algorithm = result.algorithm
      out.errorBound = result.errorBound
      printJson(io.stdout, out)
      return
    }
    io.stdout(formatTable(['x', 'yHat'], Array.from(query.x, (x, i) => [x, result.yHat[i]!])))
    if (dense) io.stdout(`(attention weights: ${dense.rows} x ${dense.cols}; use --json to print them)\n`)
  },
}
