import type { Command } from '../command'
import { bandwidthCommand } from './bandwidth'
import { fitCommand } from './fit'
import { generateCommand } from './generate'
import { trainCommand } from './train'

/** Every subcommand, in the order `--help` lists them. */
export const COMMANDS: readonly Command[] = [generateCommand, fitCommand, trainCommand, bandwidthCommand]
