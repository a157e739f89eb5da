import type { Command } from '../command'
import { bandwidthCommand } from './bandwidth'
import { bundleCommand } from './bundle'
import { deleteCommand } from './delete'
import { exportCommand } from './export'
import { fitCommand } from './fit'
import { generateCommand } from './generate'
import { listCommand } from './list'
import { runCommand } from './run'
import { schemaCommand } from './schema'
import { serveCommand } from './serve'
import { showCommand } from './show'
import { trainCommand } from './train'

/** Every subcommand, in the order `--help` lists them. */
export const COMMANDS: readonly Command[] = [
  generateCommand,
  fitCommand,
  trainCommand,
  bandwidthCommand,
  runCommand,
  listCommand,
  showCommand,
  deleteCommand,
  exportCommand,
  bundleCommand,
  schemaCommand,
  serveCommand,
]
