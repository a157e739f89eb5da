import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from './runCli'

const BIN = join(__dirname, '..', '..', 'bin', 'nw-workbench.js')

function run(cwd: string, ...args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' })
}

describe('the nw-workbench executable', () => {
  it('runs a generate-fit round trip as a real process', () => {
    const dir = tempDir()
    const gen = run(dir, 'generate', '--preset', 'd2l-oldest', '--seed', '11', '--out-train', 't.csv', '--out-query', 'q.csv')
    expect(gen.status, gen.stderr).toBe(0)
    const fit = run(dir, 'fit', '--train', 't.csv', '--query', 'q.csv', '--kernel', 'gaussian', '--sigma', '0.5', '--json')
    expect(fit.status, fit.stderr).toBe(0)
    expect(JSON.parse(fit.stdout).yHat).toHaveLength(50)
  })

  it('exits 2 with one line and no stack trace on bad input', () => {
    const r = run(tempDir(), 'fit', '--train', 'missing.csv', '--query', 'q.csv', '--kernel', 'gaussian', '--sigma', '1')
    expect(r.status).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe('nw-workbench fit: missing.csv: no such file or folder\n')
  })

  it('stops quietly when its reader stops early (| head), with no stack trace', () => {
    const dir = tempDir()
    writeFileSync(join(dir, 't.csv'), 'x,y\n0,1\n1,2\n2,0\n')
    // Megabytes of JSON: far more than a pipe holds, so writes go on after head has gone.
    writeFileSync(join(dir, 'q.csv'), 'x\n' + Array.from({ length: 100_000 }, (_, i) => (i / 50_000).toFixed(5)).join('\n') + '\n')
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${BIN}" fit --train t.csv --query q.csv --sigma 0.5 --json 2>err.txt | head -c 12; echo " \${PIPESTATUS[0]}"`], { cwd: dir, encoding: 'utf8' })
    // The first 12 bytes, then the command's exit status: 0.
    expect(r.stdout).toMatch(/^\{"yHat":\[\S{3} 0\n$/)
    expect(readFileSync(join(dir, 'err.txt'), 'utf8')).toBe('')
  })

  it('runs the build, and says how to make it where there is none', () => {
    // A copy of the launcher in a folder with no out/: as in a checkout before npm install.
    const dir = tempDir()
    mkdirSync(join(dir, 'bin'))
    copyFileSync(BIN, join(dir, 'bin', 'nw-workbench.js'))
    const r = spawnSync(process.execPath, [join(dir, 'bin', 'nw-workbench.js'), '--help'], { encoding: 'utf8' })
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/^nw-workbench: the command line is not built yet; run `npm run build`/)
  })
})
