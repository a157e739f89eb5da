import { canonicalJson } from './canonical'

/**
 * Labels a person can read for an axis's values, for the study views and
 * exports. An axis may hold whole objects (exercise 4's `data` axis, a list
 * of sigma rules): their JSON is long and says the same thing on every
 * value. A sigma rule reads as its name ("loo-cv (isotropic)"); another
 * object as the fields that differ between the axis's values ("d = 2,
 * n = 316"); a list of numbers as "(0.5, 0.5)". The labels of one axis are
 * distinct: where two would coincide, those values keep their JSON, so
 * grouping and matching by label stay exact.
 */

/** A parameter value as a label: numbers to 4 significant digits, strings bare, the rest as JSON. */
export function formatParam(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4)))
  if (typeof v === 'string') return v
  return JSON.stringify(v) ?? String(v)
}

const SIGMA_RULE_KEYS = new Set(['rule', 'isotropic', 'heldOut'])

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function isSigmaRule(v: Record<string, unknown>): boolean {
  return typeof v.rule === 'string' && Object.keys(v).every((k) => SIGMA_RULE_KEYS.has(k))
}

function sigmaRuleLabel(v: Record<string, unknown>): string {
  const notes: string[] = []
  if (v.isotropic === true) notes.push('isotropic')
  if (typeof v.heldOut === 'number') notes.push(`≤ ${v.heldOut.toLocaleString('en')} held out`)
  return notes.length ? `${String(v.rule)} (${notes.join(', ')})` : String(v.rule)
}

function fieldValue(v: unknown): string {
  if (typeof v === 'number' || typeof v === 'string') return formatParam(v)
  if (Array.isArray(v) && v.every((x) => typeof x === 'number')) return `(${v.map(formatParam).join(', ')})`
  return JSON.stringify(v) ?? String(v)
}

/** The fields whose values differ between the objects (in first-seen order); every field when they all agree. */
function varyingFields(objects: Record<string, unknown>[]): string[] {
  const keys: string[] = []
  for (const o of objects) for (const k of Object.keys(o)) if (!keys.includes(k)) keys.push(k)
  const varying = keys.filter((k) => new Set(objects.map((o) => canonicalJson(o[k]))).size > 1)
  return varying.length ? varying : keys
}

/** One label per value, in order, distinct for distinct values. */
export function axisLabels(values: readonly unknown[]): string[] {
  const objects = values.filter((v): v is Record<string, unknown> => isPlainObject(v) && !isSigmaRule(v))
  const fields = varyingFields(objects)
  const labels = values.map((v) => {
    if (Array.isArray(v) && v.every((x) => typeof x === 'number')) return fieldValue(v)
    if (!isPlainObject(v)) return formatParam(v)
    if (isSigmaRule(v)) return sigmaRuleLabel(v)
    return fields.filter((k) => k in v).map((k) => `${k} = ${fieldValue(v[k])}`).join(', ') || '{}'
  })
  // Distinct values must keep distinct labels (lines and categories are keyed by them).
  const owners = new Map<string, Set<string>>()
  values.forEach((v, i) => {
    const set = owners.get(labels[i]!) ?? new Set<string>()
    set.add(canonicalJson(v))
    owners.set(labels[i]!, set)
  })
  return labels.map((label, i) => (owners.get(label)!.size > 1 ? formatParam(values[i]) : label))
}

/** A value of this axis to its label (a value not on the axis: its plain formatParam). */
export function axisLabeler(values: readonly unknown[]): (v: unknown) => string {
  const labels = axisLabels(values)
  const byKey = new Map<string, string>()
  values.forEach((v, i) => byKey.set(canonicalJson(v), labels[i]!))
  return (v) => byKey.get(canonicalJson(v)) ?? formatParam(v)
}

/**
 * A cell's parameters as "path = value, ...": each value through its axis's
 * labeler when one is given (readable objects), else formatParam.
 */
export function paramsLabel(params: Record<string, unknown>, labelFor?: (path: string, v: unknown) => string): string {
  const entries = Object.entries(params)
  if (!entries.length) return 'base'
  return entries.map(([p, v]) => `${p} = ${labelFor ? labelFor(p, v) : formatParam(v)}`).join(', ')
}
