import { ensureRendererBuilt } from '../../src-main/server/rendererBuild'

/** The end-to-end tests drive the built renderer: build it first if the sources changed. */
export default function setup(): void {
  ensureRendererBuilt((line) => console.log(line))
}
