import { describe, expect, it } from 'vitest'
import { readCsvBytes } from '../../src-shared/data/csvReader'
import { readTextCsv } from '../../src-shared/data/csvText'
import { parseCsvTable } from '../../src-renderer/editor/vectorCsv'

/**
 * The text reader behind the editor's column picker and the command line's
 * class labels: it must split fields exactly as the numeric reader does,
 * quoted separators included (a picker that split on every comma read
 * `"Ford, Inc",130` as three cells and refused the row).
 */
describe('CSV text cells', () => {
  const file = 'name,hp,weight\n"Ford, Inc",130,3504\r\n"Chevy ""Impala""" , 165,"3,693"\n\n"two\nlines",88,2000\n'

  it('keep a quoted separator, a doubled quote and a line end inside their cell', () => {
    const t = parseCsvTable('cars.csv', file.replace('"3,693"', '3693'))
    expect(t.columns).toEqual(['name', 'hp', 'weight'])
    expect(t.rows).toBe(3)
    expect(t.cells[0]).toEqual(['Ford, Inc', 'Chevy "Impala"', 'two\nlines'])
    expect(t.numeric).toEqual([false, true, true])
  })

  it('read the same numbers as the command line reader, row for row', () => {
    const text = 'hp;weight;label\n130;"3504";"a;b"\n165; 3693 ;c\n'
    const t = parseCsvTable('t.csv', text)
    const numeric = readCsvBytes(new TextEncoder().encode(text), { source: 't.csv', required: ['hp', 'weight'] })
    expect(t.cells[0]!.map(Number)).toEqual(Array.from(numeric.columns.hp!))
    expect(t.cells[1]!.map(Number)).toEqual(Array.from(numeric.columns.weight!))
    expect(t.cells[2]).toEqual(['a;b', 'c'])
  })

  it('give the line of a ragged row, counting lines inside quotes', () => {
    expect(() => parseCsvTable('t.csv', 'a,b\n"x\ny",1\n2\n')).toThrow('t.csv:4: expected 2 columns, found 1')
    expect(() => readTextCsv('t.csv', 'a,b\n"never closed,1\n')).toThrow('t.csv:2: a quoted cell is never closed')
    expect(() => readTextCsv('t.csv', '\n \n')).toThrow('t.csv: the file is empty')
  })

  it('take the separator from the header outside quotes', () => {
    expect(readTextCsv('t.tsv', '"a,b"\tc\n1\t2\n').separator).toBe('\t')
    expect(readTextCsv('t.csv', '"a;b",c\n1,2\n').separator).toBe(',')
  })
})
