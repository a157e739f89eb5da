#!/usr/bin/env node
'use strict'
// The command line runs the build (out/main/cli.js, made by `npm install` through
// the prepare script, or by `npm run build`): no TypeScript is compiled at start-up.
const { join } = require('node:path')

let cli
try {
  cli = require(join(__dirname, '..', 'out', 'main', 'cli.js'))
} catch (e) {
  if (e && e.code === 'MODULE_NOT_FOUND' && String(e.message).includes('cli.js')) {
    process.stderr.write('nw-workbench: the command line is not built yet; run `npm run build` (npm install does it) in ' + join(__dirname, '..') + '\n')
    process.exit(2)
  }
  throw e
}
cli.runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code
})
