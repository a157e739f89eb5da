#!/usr/bin/env node
'use strict'
// The CLI runs the TypeScript sources through tsx, so it always matches the checkout (no build step).
require('tsx/cjs')
require('../src-main/cli/main.ts')
  .runCli(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code
  })
