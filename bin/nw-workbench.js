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
// A reader that stops early (`nw-workbench fit ... | head`) closes the pipe: stop quietly, as Unix
// tools do, instead of printing Node's stack trace for the failed write.
process.stdout.on('error', (e) => {
  if (e && e.code === 'EPIPE') process.exit(0)
  throw e
})

cli.runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code
})
