// Binary files of the figure export as base64 modules (`virtual:export-asset/NAME`):
// resvg's WebAssembly and the export fonts. Inlined in chunks the app loads on
// its first export, they need no fetch, which a page loaded from file:// cannot
// do. Used by the renderer build (electron.vite.config.ts) and by vitest.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const ASSETS = {
  'resvg-wasm': '@resvg/resvg-wasm/index_bg.wasm',
  'dejavu-sans': 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf',
  'dejavu-serif': 'dejavu-fonts-ttf/ttf/DejaVuSerif.ttf',
}
const PREFIX = 'virtual:export-asset/'

/** @returns {import('vite').Plugin} */
export function exportAssets() {
  return {
    name: 'nw-export-assets',
    enforce: 'pre',
    resolveId: (id) => (id.startsWith(PREFIX) ? `\0${id}` : null),
    load(id) {
      if (!id.startsWith(`\0${PREFIX}`)) return null
      const spec = ASSETS[id.slice(PREFIX.length + 1)]
      if (!spec) throw new Error(`unknown export asset ${id}`)
      return `export default ${JSON.stringify(readFileSync(require.resolve(spec)).toString('base64'))}`
    },
  }
}
