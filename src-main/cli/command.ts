import type { FlagSpec, FlagValues } from './flags'
import type { CliIo } from './io'

export interface CommandContext {
  values: FlagValues
  positionals: string[]
  io: CliIo
}

/** One subcommand of nw-workbench: its flags, its help text, and what it does. */
export interface Command {
  name: string
  /** Full help, printed by `nw-workbench NAME --help`. */
  help: string
  flags: FlagSpec
  /** How many positional arguments the command takes. */
  positionals?: number
  /** Returns the exit code (0 when omitted). */
  run(ctx: CommandContext): Promise<number | void> | number | void
}
