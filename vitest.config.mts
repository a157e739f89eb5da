import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vitest/config'
import { exportAssets } from './scripts/export-assets-plugin.mjs'

export default defineConfig({
  plugins: [vue(), exportAssets()],
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/setup/build.ts'],
    environment: 'node',
    // A test that forgets --db, or a process it starts, must never touch the user's own database
    // (~/.config/nw-workbench): the default data folder is a fresh one per test run.
    env: { XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'nw-test-config-')) },
    // Worker-thread and SQLite tests start real threads and processes: keep the 2-core machine from oversubscribing.
    maxWorkers: 2,
    testTimeout: 20_000,
    // expect.poll gives up after 1 s by default: on a loaded 2-core machine the browser tests' pages
    // take longer than that to settle now and then.
    expect: { poll: { timeout: 10_000 } },
  },
})
