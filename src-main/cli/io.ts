/** Where a command writes; a parameter so that tests run commands in-process and read what they printed. */
export interface CliIo {
  stdout(text: string): void
  stderr(text: string): void
  /** Directory that relative paths are resolved against. */
  cwd: string
}

export const processIo: CliIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  cwd: process.cwd(),
}
