import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runCli } from '../../src-main/cli/main'

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

/** Runs the CLI in-process in `cwd`, capturing what it prints. */
export async function cli(cwd: string, ...argv: string[]): Promise<CliResult> {
  let stdout = ''
  let stderr = ''
  const code = await runCli(argv, { cwd, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) })
  return { code, stdout, stderr }
}

export function tempDir(prefix = 'nw-cli-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}
