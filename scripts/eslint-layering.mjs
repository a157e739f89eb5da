// ESLint rule that keeps each folder to the runtime it is built for
// (the idea of VS Code's code-layering rule):
//   src-shared    pure TypeScript: no node:*, no electron, no DOM library, only
//                 src-shared itself (and type-only imports of chart option types)
//   src-renderer  Vue/DOM: no node:*, no electron, never src-main
//   src-main      Node: never src-renderer; only src-main/shell/ may import electron
import { builtinModules } from 'node:module'
import path from 'node:path'

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')
const NODE_BUILTINS = new Set(builtinModules)
/**
 * Packages src-shared may use at run time: pure computation, no platform.
 * hyparquet, hyparquet-compressors (its pure-JS decoders only), fzstd and
 * apache-arrow read Parquet and Arrow files from bytes, for the command line
 * and the app's import alike (src-shared/data); fflate writes the zip files
 * of exported multi-panel figures.
 */
const SHARED_PACKAGES = new Set(['zod', 'hyparquet', 'hyparquet-compressors', 'fzstd', 'apache-arrow', 'fflate'])

function layerOf(file) {
  const rel = path.relative(ROOT, file).split(path.sep).join('/')
  if (rel.startsWith('src-shared/')) return 'shared'
  if (rel.startsWith('src-main/shell/')) return 'shell'
  if (rel.startsWith('src-main/')) return 'main'
  if (rel.startsWith('src-renderer/')) return 'renderer'
  return null
}

function packageName(spec) {
  const parts = spec.split('/')
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]
}

function isNodeBuiltin(spec) {
  return spec.startsWith('node:') || NODE_BUILTINS.has(packageName(spec))
}

/** What is wrong with importing `spec` from a file in `layer`, or null. */
function violation(layer, file, spec, typeOnly) {
  const bare = spec.split('?')[0]
  if (bare === 'electron' || bare.startsWith('electron/')) {
    return layer === 'shell' ? null : `only src-main/shell/ may import electron (${layer} code must stay testable without it)`
  }
  if (bare.startsWith('.')) {
    const target = layerOf(path.resolve(path.dirname(file), bare))
    if (layer === 'shared' && target !== 'shared' && target !== null) return `src-shared must not import ${target} code`
    if (layer === 'renderer' && (target === 'main' || target === 'shell')) return 'src-renderer must not import src-main: go through the typed API client'
    if ((layer === 'main' || layer === 'shell') && target === 'renderer') return 'src-main must not import src-renderer'
    if (layer === 'main' && target === 'shell') return 'only the Electron shell may import shell files'
    return null
  }
  if (isNodeBuiltin(bare)) {
    return layer === 'shared' || layer === 'renderer' ? `${layer === 'shared' ? 'src-shared' : 'src-renderer'} must not import Node built-ins ("${spec}")` : null
  }
  if (layer === 'shared' && !typeOnly && !SHARED_PACKAGES.has(packageName(bare))) {
    return `src-shared may only import pure packages (${[...SHARED_PACKAGES].join(', ')}) at run time, not "${spec}"`
  }
  return null
}

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'forbid imports that cross the runtime layers the wrong way' },
    schema: [],
    messages: { layer: '{{why}}' },
  },
  create(context) {
    const file = context.filename ?? context.getFilename()
    const layer = layerOf(file)
    if (!layer) return {}
    const check = (node, source, typeOnly = false) => {
      if (!source || typeof source.value !== 'string') return
      const why = violation(layer, file, source.value, typeOnly)
      if (why) context.report({ node, messageId: 'layer', data: { why } })
    }
    return {
      ImportDeclaration: (node) => check(node, node.source, node.importKind === 'type'),
      ExportNamedDeclaration: (node) => check(node, node.source, node.exportKind === 'type'),
      ExportAllDeclaration: (node) => check(node, node.source, node.exportKind === 'type'),
      ImportExpression: (node) => check(node, node.source),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments[0]?.type === 'Literal') {
          check(node, node.arguments[0])
        }
      },
    }
  },
}

export default { rules: { layering: rule } }
