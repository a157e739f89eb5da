import * as fs from 'node:fs'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeFileAtomically, writeFilesAtomically, type WriteOps } from '../../src-main/atomicWrite'
import { tempDir } from './runCli'

/** The real file system, except that the disk fills up after `room` bytes. */
function fullDiskAfter(room: number): WriteOps {
  let written = 0
  return {
    ...fs,
    writeSync: ((fd: number, buffer: Uint8Array, offset: number, length: number) => {
      const take = Math.min(length, room - written)
      if (take <= 0) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })
      written += take
      return fs.writeSync(fd, buffer, offset, take)
    }) as WriteOps['writeSync'],
  }
}

/** Lines of a large CSV, as the CLI hands them over. */
function* lines(count: number): Generator<string> {
  yield 'x,y\n'
  for (let i = 0; i < count; i++) yield `${i / 3},${i * 1.5}\n`
}

describe('atomic output files', () => {
  it('writes a file whole, replacing an old one only at the end', () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'out.csv'), 'old')
    writeFileAtomically(dir, 'out.csv', lines(1000))
    expect(readFileSync(join(dir, 'out.csv'), 'utf8').split('\n')).toHaveLength(1002)
    expect(readdirSync(dir)).toEqual(['out.csv'])
  })

  it('leaves no partial file and no temporary file when the disk fills up, and keeps the old file', () => {
    const dir = tempDir()
    expect(() => writeFileAtomically(dir, 'new.csv', lines(10_000), fullDiskAfter(50_000))).toThrow('new.csv: the disk is full')
    expect(readdirSync(dir)).toEqual([])
    writeFileSync(join(dir, 'kept.csv'), 'old')
    expect(() => writeFileAtomically(dir, 'kept.csv', lines(10_000), fullDiskAfter(1000))).toThrow('kept.csv: the disk is full')
    expect(readdirSync(dir)).toEqual(['kept.csv'])
    expect(readFileSync(join(dir, 'kept.csv'), 'utf8')).toBe('old')
  })

  it('writes a set of files all or none, removing the folders it made', () => {
    const dir = tempDir()
    expect(() =>
      writeFilesAtomically(
        dir,
        [
          { path: 'a/one.csv', content: 'x\n1\n' },
          { path: 'b/two.csv', content: lines(10_000) },
        ],
        fullDiskAfter(20_000),
      ),
    ).toThrow('b/two.csv: the disk is full')
    expect(readdirSync(dir)).toEqual([])
    writeFilesAtomically(dir, [
      { path: 'a/one.csv', content: 'x\n1\n' },
      { path: 'b/two.csv', content: new TextEncoder().encode('x\n2\n') },
    ])
    expect(readFileSync(join(dir, 'a', 'one.csv'), 'utf8')).toBe('x\n1\n')
    expect(readFileSync(join(dir, 'b', 'two.csv'), 'utf8')).toBe('x\n2\n')
  })

  it('leaves nothing when making the content fails half-way', () => {
    const dir = tempDir()
    function* failing(): Generator<string> {
      yield 'x\n1\n'
      throw new Error('formatting failed')
    }
    expect(() => writeFileAtomically(dir, 'f.csv', failing())).toThrow('formatting failed')
    expect(readdirSync(dir)).toEqual([])
  })

  it('refuses a folder as a target', () => {
    const dir = tempDir()
    fs.mkdirSync(join(dir, 'sub'))
    expect(() => writeFileAtomically(dir, 'sub', 'x')).toThrow('sub: is a folder, not a file')
  })
})
