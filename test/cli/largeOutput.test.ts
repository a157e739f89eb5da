import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cli, tempDir } from './runCli'

describe('fit without --json on 300,000 queries', () => {
  it('prints the table instead of failing with "Maximum call stack size exceeded"', async () => {
    const dir = tempDir()
    const m = 300_000
    writeFileSync(join(dir, 't.csv'), 'x,y\n' + Array.from({ length: 200 }, (_, i) => `${i / 40},${Math.sin(i / 40)}`).join('\n') + '\n')
    writeFileSync(join(dir, 'q.csv'), 'x\n' + Array.from({ length: m }, (_, i) => `${(5 * i) / m}`).join('\n') + '\n')
    const r = await cli(dir, 'fit', '--train', 't.csv', '--query', 'q.csv', '--kernel', 'gaussian', '--sigma', '0.3')
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const lines = r.stdout.trimEnd().split('\n')
    expect(lines.length).toBe(m + 1)
    expect(lines[0]!.trim()).toMatch(/^x\s+yHat$/)
  })
})
