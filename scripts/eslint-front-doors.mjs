// ESLint rule: a folder with internals has one public face (the idea of VS Code's
// code-no-deep-import-of-internal). Code outside the engine imports the engine
// only through its top-level modules (src-shared/engine/*.ts); the dense
// reference code, the fast paths and what they share are its own business.
// Tests may reach in: they pin the internals down one by one.
import path from 'node:path'

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')

/** Folders with a public face: code outside `owner` may import only its top-level files, never `internal/*`. */
const FRONT_DOORS = [{ owner: 'src-shared/engine', internal: ['dense', 'fast', 'common', 'vectorCore'] }]

function relative(file) {
  return path.relative(ROOT, file).split(path.sep).join('/')
}

function violation(file, spec) {
  const bare = spec.split('?')[0]
  if (!bare.startsWith('.')) return null
  const from = relative(file)
  if (from.startsWith('test/')) return null
  const target = relative(path.resolve(path.dirname(file), bare))
  for (const { owner, internal } of FRONT_DOORS) {
    if (from.startsWith(`${owner}/`)) continue
    const inside = internal.find((dir) => target === `${owner}/${dir}` || target.startsWith(`${owner}/${dir}/`))
    if (inside) return `import ${owner} through its public modules (${owner}/*.ts), not its internals (${owner}/${inside}/)`
  }
  return null
}

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'forbid deep imports of a folder’s internals from outside it' },
    schema: [],
    messages: { deep: '{{why}}' },
  },
  create(context) {
    const file = context.filename ?? context.getFilename()
    const check = (node, source) => {
      if (!source || typeof source.value !== 'string') return
      const why = violation(file, source.value)
      if (why) context.report({ node, messageId: 'deep', data: { why } })
    }
    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
    }
  },
}

export default rule
