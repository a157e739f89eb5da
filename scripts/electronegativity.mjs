#!/usr/bin/env node
// Runs Doyensec's Electronegativity over the Electron shell and the page it
// loads, and fails on any finding of medium or high severity. A finding may
// be suppressed only by an `eng-disable` comment that also says why
// ("// eng-disable CHECK_NAME: reason"); a bare suppression fails too.
// (Electronegativity's own CLI breaks with the commander that npm hoists, so
// its runner is called directly.)
//
// It makes no network request: the Electron version comes from package.json
// (the installed electron's), the check that downloads Electron's release
// list (AvailableSecurityFixesGlobalCheck) is left out, and the runner's
// download of translations (through `got`) is answered at once, offline, by
// a stand-in put in require's cache before the runner loads.
import { cpSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { createRequire } from 'node:module'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const electronVersion = require('electron/package.json').version
const i18nModule = require.resolve('@doyensec/electronegativity/dist/locales/i18n.js')
const gotModule = createRequire(i18nModule).resolve('got')
// The bundled English texts are used; "not found" makes the runner keep them without a word.
const offlineGot = async () => ({ statusCode: 404, body: '' })
require.cache[gotModule] = { id: gotModule, filename: gotModule, loaded: true, exports: Object.assign(offlineGot, { default: offlineGot }) }
const run = require('@doyensec/electronegativity/dist/runner.js')

const targets = [join(root, 'src-main', 'shell'), join(root, 'src-renderer', 'index.html')]
const failures = []

function filesUnder(p) {
  if (statSync(p).isFile()) return [p]
  return readdirSync(p).flatMap((f) => filesUnder(join(p, f)))
}

// Suppressions must carry a reason after the check names.
for (const file of targets.flatMap(filesUnder)) {
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      const m = /eng-disable\s+([A-Z_\s,]+?)(?::\s*(.*))?$/.exec(line.replace(/\*\/\s*$/, '').trim())
      if (m && !(m[2] && m[2].trim().length >= 10)) {
        failures.push(`${relative(root, file)}:${i + 1}: eng-disable ${m[1].trim()} has no explanation (write "eng-disable CHECK: why it is safe here")`)
      }
    })
}

// One scan over one folder holding the shell and the page, so that the global
// checks (navigation limits, permission handler, CSP) see all of them at once.
const input = mkdtempSync(join(tmpdir(), 'nw-electronegativity-'))
for (const t of targets) cpSync(t, join(input, relative(root, t)), { recursive: true })
let checked = 0
{
  const result = await run({ input, output: undefined, isSarif: false, customScan: [], excludeFromScan: ['AvailableSecurityFixesGlobalCheck'], severitySet: undefined, confidenceSet: undefined, isRelative: true, isVerbose: false, electronUpgrade: undefined, electronVersionOverride: electronVersion, parserPlugins: [] }, false)
  checked += result.atomicChecks + result.globalChecks
  for (const e of result.errors) if (!e.tolerable) failures.push(`${relative(input, e.file)}: could not be parsed: ${e.message}`)
  for (const issue of result.issues) {
    const severity = issue.severity.name ?? String(issue.severity)
    const line = `${severity} ${issue.id} in ${issue.file}:${issue.location.line}: ${issue.description}`
    if (issue.severity.value >= 2) failures.push(line)
    else console.log(`note: ${line}`)
  }
}

if (failures.length) {
  console.error(`electronegativity: ${failures.length} finding(s) of medium or high severity:\n  ${failures.join('\n  ')}`)
  process.exit(1)
}
console.log(`electronegativity: no medium or high findings (Electron ${electronVersion}, ${checked} checks over src-main/shell and index.html)`)
