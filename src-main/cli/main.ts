import { InputError } from '../../src-shared/errors'
import { APP_VERSION } from '../version'
import { COMMANDS } from './commands'
import { parseFlags } from './flags'
import { processIo, type CliIo } from './io'
import { maxOf } from '../../src-shared/arrays'

export const EXIT_OK = 0
export const EXIT_FAILURE = 1
/** Bad input: a flag, a file, a value. */
export const EXIT_USAGE = 2

function overview(): string {
  const width = maxOf(COMMANDS.map((c) => c.name.length), 0)
  return `nw-workbench ${APP_VERSION}: Nadaraya-Watson kernel regression as attention pooling

Usage: nw-workbench <command> [flags]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Run nw-workbench <command> --help for a command's flags.
`
}

/**
 * Runs one command line and returns the exit code. Errors caused by input
 * become one line on stderr and exit code 2; anything else is a bug and
 * exits 1 with its message (and its stack only when NW_DEBUG is set).
 */
export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(overview())
    return name === undefined ? EXIT_USAGE : EXIT_OK
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${APP_VERSION}\n`)
    return EXIT_OK
  }
  const entry = COMMANDS.find((c) => c.name === name)
  if (!entry) {
    io.stderr(`nw-workbench: unknown command "${name}" (commands: ${COMMANDS.map((c) => c.name).join(', ')})\n`)
    return EXIT_USAGE
  }
  const command = await entry.load()
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(command.help + '\n')
    return EXIT_OK
  }
  try {
    const { values, positionals } = parseFlags(command.name, rest, command.flags, command.positionals ?? 0)
    return (await command.run({ values, positionals, io })) ?? EXIT_OK
  } catch (e) {
    if (e instanceof InputError) {
      io.stderr(`nw-workbench ${command.name}: ${oneLine(e.message)}\n`)
      return EXIT_USAGE
    }
    const err = e as Error
    io.stderr(`nw-workbench ${command.name}: internal error: ${oneLine(err?.message ?? String(e))}\n`)
    if (process.env.NW_DEBUG) io.stderr(`${err?.stack ?? ''}\n`)
    return EXIT_FAILURE
  }
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ')
}

if (require.main === module) {
  void runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code
  })
}
