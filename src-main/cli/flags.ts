import { parseArgs, type ParseArgsConfig } from 'node:util'
import { InputError } from '../../src-shared/errors'

/** A mistake on the command line; reported in one line with exit code 2. */
export class UsageError extends InputError {
  override name = 'UsageError'
}

export type FlagValues = Record<string, string | boolean | undefined>
export type FlagSpec = NonNullable<ParseArgsConfig['options']>

/**
 * Strict parsing: an unknown flag, a missing value or a stray positional is
 * a UsageError naming the flag, never Node's multi-line parser message.
 */
export function parseFlags(
  command: string,
  argv: string[],
  options: FlagSpec,
  maxPositionals = 0,
): { values: FlagValues; positionals: string[] } {
  let parsed
  try {
    parsed = parseArgs({ args: attachNegativeNumbers(argv, options), options, strict: true, allowPositionals: true })
  } catch (e) {
    const code = (e as { code?: string }).code
    const msg = (e as Error).message
    const flag = /'(-[^' ]+)/.exec(msg)?.[1] ?? ''
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      throw new UsageError(`unknown flag ${flag} (see nw-workbench ${command} --help)`)
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      throw new UsageError(`${flag} needs a value`)
    }
    throw new UsageError(msg.split('\n')[0]!)
  }
  if (parsed.positionals.length > maxPositionals) {
    const extra = parsed.positionals[maxPositionals]!
    throw new UsageError(`unexpected argument "${extra}" (see nw-workbench ${command} --help)`)
  }
  return { values: parsed.values as FlagValues, positionals: parsed.positionals }
}

/**
 * Node's parser reads `--x-min -1` as a flag without a value followed by an
 * unknown flag -1; a value flag followed by a negative number gets it as its
 * value instead, as a user means.
 */
function attachNegativeNumbers(argv: string[], options: FlagSpec): string[] {
  const out: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    const next = argv[i + 1]
    const name = a.startsWith('--') ? a.slice(2) : null
    if (name && options[name]?.type === 'string' && next !== undefined && /^-(?:\d|\.\d)/.test(next)) {
      out.push(`${a}=${next}`)
      i++
    } else {
      out.push(a)
    }
  }
  return out
}

export function stringFlag(values: FlagValues, name: string, required: true): string
export function stringFlag(values: FlagValues, name: string, required?: boolean): string | undefined
export function stringFlag(values: FlagValues, name: string, required = false): string | undefined {
  const v = values[name]
  if (v === undefined || v === false) {
    if (required) throw new UsageError(`missing required flag --${name}`)
    return undefined
  }
  if (typeof v !== 'string') throw new UsageError(`--${name} needs a value`)
  return v
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/

export interface NumberRule {
  required?: boolean
  integer?: boolean
  /** Smallest allowed value, inclusive unless `exclusiveMin`. */
  min?: number
  exclusiveMin?: boolean
  max?: number
}

/** A numeric flag, checked against `rule`; the error names the flag and says what it must be. */
export function numberFlag(values: FlagValues, name: string, rule: NumberRule & { required: true }): number
export function numberFlag(values: FlagValues, name: string, rule?: NumberRule): number | undefined
export function numberFlag(values: FlagValues, name: string, rule: NumberRule = {}): number | undefined {
  const raw = stringFlag(values, name, rule.required === true)
  if (raw === undefined) return undefined
  const text = raw.trim()
  if (!DECIMAL.test(text)) throw new UsageError(`--${name}: "${raw}" is not a number`)
  const v = Number(text)
  if (!Number.isFinite(v)) throw new UsageError(`--${name}: ${raw} is out of range`)
  if (rule.integer && !Number.isInteger(v)) throw new UsageError(`--${name} must be an integer (got ${raw})`)
  if (rule.min !== undefined) {
    if (rule.exclusiveMin ? v <= rule.min : v < rule.min) {
      throw new UsageError(`--${name} must be ${rule.exclusiveMin ? '>' : '>='} ${rule.min} (got ${raw})`)
    }
  }
  if (rule.max !== undefined && v > rule.max) throw new UsageError(`--${name} must be <= ${rule.max} (got ${raw})`)
  return v
}

/** A flag that must be one of `choices`. */
export function choiceFlag<T extends string>(values: FlagValues, name: string, choices: readonly T[], fallback?: T): T {
  const raw = stringFlag(values, name, fallback === undefined)
  if (raw === undefined) return fallback!
  if (!(choices as readonly string[]).includes(raw)) {
    throw new UsageError(`--${name}: unknown value "${raw}" (choose one of: ${choices.join(', ')})`)
  }
  return raw as T
}
