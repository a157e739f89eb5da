import { ensureBuilt } from '../../src-main/server/rendererBuild'

/** The end-to-end tests drive the built renderer and the built command line: build first if the sources changed. */
export default function setup(): void {
  ensureBuilt((line) => console.log(line))
}
