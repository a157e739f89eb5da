/** Dates, times and durations as the library and the run page show them. */

/** The date and minute, short enough for a table cell. */
export function shortDateTime(ms: number): string {
  return new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })
}

/** Weekday, date, time to the second and time zone. */
export function longDateTime(ms: number): string {
  return new Date(ms).toLocaleString(undefined, { dateStyle: 'full', timeStyle: 'long' })
}

/** Everything, for a tooltip: the long form and the ISO form (to the millisecond, UTC). */
export function fullDateTime(ms: number): string {
  return `${longDateTime(ms)} (${new Date(ms).toISOString()})`
}

/** "850 ms", "12.3 s", "4 min 05 s", "2 h 03 min". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—'
  if (ms < 1000) return `${Math.round(ms)} ms`
  const s = ms / 1000
  if (s < 60) return `${Number(s.toPrecision(3))} s`
  const whole = Math.round(s)
  const h = Math.floor(whole / 3600)
  const m = Math.floor((whole % 3600) / 60)
  const sec = whole % 60
  return h > 0 ? `${h} h ${String(m).padStart(2, '0')} min` : `${m} min ${String(sec).padStart(2, '0')} s`
}

/** A share as a percentage to a tenth ("97.7 %"), or "—" where it does not apply: accuracies, wherever they show. */
export function percent(v: number | null | undefined): string {
  return v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)} %`
}

/** A number to 4 significant digits, or "—" where it does not apply. */
export function num(v: number | null | undefined, digits = 4): string {
  return v === null || v === undefined ? '—' : String(Number(v.toPrecision(digits)))
}
