import { join } from 'node:path'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const ROOT = join(__dirname, '..', '..')
const eslint = new ESLint({ cwd: ROOT })

/** Lints `code` as if it were the file at `path` and returns the layering messages. */
async function layering(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, path) })
  return result!.messages.filter((m) => m.ruleId === 'local/layering').map((m) => m.message)
}

describe('the layering lint rule', () => {
  const wrong: [string, string, RegExp][] = [
    ['src-shared/engine/x.ts', "import { readFileSync } from 'node:fs'\nexport const a = readFileSync", /src-shared must not import Node built-ins/],
    ['src-shared/engine/x.ts', "import path from 'path'\nexport const a = path", /Node built-ins/],
    ['src-shared/engine/x.ts', "import { app } from 'electron'\nexport const a = app", /only src-main\/shell\/ may import electron/],
    ['src-shared/engine/x.ts', "import { ref } from 'vue'\nexport const a = ref", /src-shared may only import pure packages/],
    ['src-shared/engine/x.ts', "import { db } from '../../src-main/store/db'\nexport const a = db", /src-shared must not import main code/],
    ['src-renderer/App.ts', "import { openStore } from '../src-main/store/db'\nexport const a = openStore", /src-renderer must not import src-main/],
    ['src-renderer/App.ts', "import fs from 'node:fs'\nexport const a = fs", /src-renderer must not import Node built-ins/],
    ['src-renderer/App.ts', "import { ipcRenderer } from 'electron'\nexport const a = ipcRenderer", /only src-main\/shell\/ may import electron/],
    ['src-main/store/db.ts', "import { app } from 'electron'\nexport const a = app", /only src-main\/shell\/ may import electron/],
    ['src-main/api/handlers.ts', "import App from '../../src-renderer/App.vue'\nexport const a = App", /src-main must not import src-renderer/],
    ['src-main/api/handlers.ts', "export const a = require('electron')", /only src-main\/shell\/ may import electron/],
  ]
  it.each(wrong)('refuses %s importing the wrong way (%#)', async (path, code, message) => {
    const messages = await layering(path, code)
    expect(messages).toHaveLength(1)
    expect(messages[0]).toMatch(message)
  })

  const right: [string, string][] = [
    ['src-main/shell/main.ts', "import { app } from 'electron'\nexport const a = app"],
    ['src-main/store/db.ts', "import { readFileSync } from 'node:fs'\nimport { nwPredict } from '../../src-shared/engine/estimate'\nexport const a = [readFileSync, nwPredict]"],
    ['src-renderer/App.ts', "import { ref } from 'vue'\nimport { nwPredict } from '../src-shared/engine/estimate'\nexport const a = [ref, nwPredict]"],
    ['src-shared/api/schema.ts', "import { z } from 'zod'\nexport const a = z"],
    ['src-shared/charts/fit.ts', "import type { EChartsOption } from 'echarts'\nexport type A = EChartsOption"],
    ['test/anything.test.ts', "import { app } from 'electron'\nimport fs from 'node:fs'\nexport const a = [app, fs]"],
  ]
  it.each(right)('allows %s (%#)', async (path, code) => {
    expect(await layering(path, code)).toEqual([])
  })
})
