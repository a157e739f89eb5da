import type { Command } from '../command'
import { stringFlag } from '../flags'
import { printJson } from '../json'
import { runToJson } from '../runJson'
import { readSpecFile } from '../specFile'
import { DB_FLAG, DB_HELP, openCliServices } from '../store'
import { printRunSummary } from './show'

export const runCommand: Command = {
  name: 'run',
  help: `Usage: nw-workbench run --spec FILE.json [--db FILE] [--json]

Runs the experiment exactly as the app does (in a worker thread), stores it,
and prints the stored run. The spec is the JSON the API takes to create an
experiment (schema: nw-workbench schema, or docs/experiment-spec.schema.json), e.g.

  {"name": "trained", "data": {"trainFile": "t.csv", "queryFile": "q.parquet"},
   "kernel": "gaussian", "sigma": 0.5, "mode": "parametric",
   "training": {"w0": 1.3, "lr": 0.5, "epochs": 5, "loss": "sum-half", "loo": true}}

data may instead be {"preset": "d2l-oldest", "seed": 1}, generator parameters
{"fn": "sin", "n": 100, "noiseSd": 0.3, "seed": 2}, or inline arrays. trainFile
and queryFile (CSV, TSV, Parquet or Arrow/Feather; trainCsv and queryCsv are
their older names) are relative to the spec file. Vector data (several input
coordinates): {"dataset": "cars" | "penguins", "seed": 1, "features"?: [...]},
{"vectorFn": "friedman1", "d": 5, "n": 500, "seed": 1}, inline arrays with
"features", or files {"trainFile", "queryFile", "features": [...], "target": "y"};
with them sigma may be one width per feature, and "task", "estimator",
"scoring" and "bands" choose what fit --task/--estimator/--scoring/--bands choose.
Ctrl+C cancels the run (it is saved as cancelled).

  --spec FILE     the experiment spec (JSON)
${DB_HELP}
  --json          print the stored run as JSON (fields as in fit/train: yHat, epochs, w, ...)

Exit code 0 when the run is done, 1 when it failed or was cancelled, 2 for a bad spec.`,
  flags: { spec: { type: 'string' }, json: { type: 'boolean' }, ...DB_FLAG },
  async run({ values, io }) {
    const spec = await readSpecFile(io.cwd, stringFlag(values, 'spec', true))
    const services = openCliServices(values, io)
    let id: string | null = null
    const onSignal = () => {
      if (id) void services.runner.cancel(id)
    }
    process.once('SIGINT', onSignal)
    try {
      const created = await services.runner.create(spec)
      id = created.id
      const final = await services.runner.waitFor(created.id)
      const detail = services.store.detail(created.id, 'full')
      if (values.json) printJson(io.stdout, runToJson(detail))
      else printRunSummary(io, detail)
      if (final.status !== 'done') {
        io.stderr(`nw-workbench run: run ${created.id} ${final.status}${final.error ? `: ${final.error.message}` : ''}\n`)
        return 1
      }
      return 0
    } finally {
      process.removeListener('SIGINT', onSignal)
      await services.close()
    }
  },
}
