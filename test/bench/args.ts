/** The value of `--name=value` on the command line, if given. */
export function option(name: string): string | undefined {
  const prefix = `--${name}=`
  return process.argv.find((a) => a.startsWith(prefix))?.slice(prefix.length)
}

/** A comma-separated `--name=a,b` (empty entries dropped, so `--name=` is an empty list), if given. */
export function listOption(name: string): string[] | undefined {
  return option(name)
    ?.split(',')
    .filter((x) => x !== '')
}
