import { InputError } from '../errors'

/**
 * CSV or TSV text as rows of text cells, for the readers that need text
 * (class labels, the editor's column picker) rather than numbers. It splits
 * fields exactly as the numeric reader (csvReader.ts) does, so both read the
 * same file the same way: the separator taken from the header (comma, tab or
 * semicolon), RFC 4180 quoting ("" is a quote; a separator or a line end may
 * sit inside quotes), spaces around cells trimmed, blank lines skipped, CRLF
 * or LF, a UTF-8 byte-order mark.
 */

export interface TextRow {
  /** 1-based line where the row starts. */
  line: number
  cells: string[]
}

export interface TextCsv {
  header: TextRow
  separator: ',' | '\t' | ';'
  rows: TextRow[]
}

/** The header's separator: tab, else comma, else semicolon, outside quotes. */
function headerSeparator(text: string, from: number): ',' | '\t' | ';' {
  let quoted = false
  const found = new Set<string>()
  for (let i = from; i < text.length; i++) {
    const c = text[i]!
    if (c === '"') quoted = !quoted
    else if (!quoted && (c === '\n' || c === '\r')) break
    else if (!quoted && (c === ',' || c === '\t' || c === ';')) found.add(c)
  }
  return found.has('\t') ? '\t' : found.has(',') ? ',' : found.has(';') ? ';' : ','
}

/**
 * Every row of the text, the header first. `name` is the file's name for
 * errors; `limit` stops after that many data rows (the error then says so).
 */
export function readTextCsv(name: string, text: string, o: { separator?: ',' | '\t' | ';'; limit?: number; tooMany?: string } = {}): TextCsv {
  const s = text.replace(/^\uFEFF/, '')
  let i = 0
  let line = 1
  // Blank lines before the header.
  for (;;) {
    let j = i
    while (j < s.length && (s[j] === ' ' || s[j] === '\t')) j++
    if (j < s.length && (s[j] === '\n' || s[j] === '\r')) {
      i = s[j] === '\r' && s[j + 1] === '\n' ? j + 2 : j + 1
      line++
      continue
    }
    break
  }
  if (i >= s.length || s.slice(i).trim() === '') throw new InputError(`${name}: the file is empty; expected a header row`)
  const sep = o.separator ?? headerSeparator(s, i)
  const rows: TextRow[] = []
  let header: TextRow | null = null
  while (i < s.length) {
    const start = line
    const cells: string[] = []
    let cell = ''
    let quoted = false
    let wasQuoted = false
    let after = false
    let ended = false
    while (i < s.length && !ended) {
      const c = s[i]!
      if (quoted) {
        if (c === '"') {
          if (s[i + 1] === '"') {
            cell += '"'
            i += 2
            continue
          }
          quoted = false
          after = true
        } else {
          if (c === '\n') line++
          cell += c
        }
        i++
        continue
      }
      if (c === sep) {
        cells.push(wasQuoted ? cell : cell.trim())
        cell = ''
        wasQuoted = false
        after = false
        i++
      } else if (c === '\n' || c === '\r') {
        i += c === '\r' && s[i + 1] === '\n' ? 2 : 1
        line++
        ended = true
      } else if (c === '"' && !wasQuoted && cell.trim() === '') {
        quoted = true
        wasQuoted = true
        cell = ''
        i++
      } else {
        if (after && c !== ' ' && c !== '\t') throw new InputError(`${name}:${line}: text after a closing quote`)
        if (!after) cell += c
        i++
      }
    }
    if (quoted) throw new InputError(`${start === line ? `${name}:${line}` : `${name}:${start}`}: a quoted cell is never closed`)
    cells.push(wasQuoted ? cell : cell.trim())
    if (cells.length === 1 && cells[0] === '' && !wasQuoted) continue
    if (!header) {
      header = { line: start, cells }
      continue
    }
    if (o.limit !== undefined && rows.length >= o.limit) throw new InputError(`${name}: more than ${o.limit.toLocaleString('en')} rows${o.tooMany ? `; ${o.tooMany}` : ''}`)
    rows.push({ line: start, cells })
  }
  return { header: header!, separator: sep, rows }
}
