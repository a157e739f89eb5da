import type { Command } from '../command'

/**
 * Every subcommand, in the order `--help` lists them. A command's module is
 * loaded only when it runs (or prints its help), so `nw-workbench --help` and
 * a small `fit` do not pay for the store, the chart renderer or the server.
 */
export interface CommandEntry {
  name: string
  /** One line for the command list. */
  summary: string
  load(): Promise<Command>
}

export const COMMANDS: readonly CommandEntry[] = [
  { name: 'generate', summary: 'write a training set and a query grid as CSV files', load: async () => (await import('./generate')).generateCommand },
  { name: 'fit', summary: 'nonparametric Nadaraya-Watson predictions (and attention weights) at the queries', load: async () => (await import('./fit')).fitCommand },
  { name: 'train', summary: 'train the parametric model’s width w by SGD and predict at the queries', load: async () => (await import('./train')).trainCommand },
  { name: 'bandwidth', summary: 'choose sigma by leave-one-out cross-validation or a rule of thumb', load: async () => (await import('./bandwidth')).bandwidthCommand },
  { name: 'run', summary: 'run an experiment from a spec file, store it, and print the stored run', load: async () => (await import('./run')).runCommand },
  { name: 'list', summary: 'list stored runs, newest first', load: async () => (await import('./list')).listCommand },
  { name: 'show', summary: 'print one stored run', load: async () => (await import('./show')).showCommand },
  { name: 'delete', summary: 'delete stored runs for good', load: async () => (await import('./delete')).deleteCommand },
  { name: 'export', summary: 'render runs’ charts for papers (SVG, PNG, PDF), or write their data (CSV) or a matplotlib script', load: async () => (await import('./export')).exportCommand },
  { name: 'figures', summary: 'reproduce and write every figure of the chapter, runs included', load: async () => (await import('./figures')).figuresCommand },
  { name: 'bundle', summary: 'write runs to one JSON bundle, or import a bundle (bit-exact)', load: async () => (await import('./bundle')).bundleCommand },
  { name: 'schema', summary: 'print the JSON Schema of an experiment spec', load: async () => (await import('./schema')).schemaCommand },
  { name: 'serve', summary: 'browser mode: serve the app and its API to a browser (local or over SSH)', load: async () => (await import('./serve')).serveCommand },
]
