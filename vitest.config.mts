import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vitest/config'
import { exportAssets } from './scripts/export-assets-plugin.mjs'

export default defineConfig({
  plugins: [vue(), exportAssets()],
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/setup/build.ts'],
    environment: 'node',
    // Worker-thread and SQLite tests start real threads and processes: keep the 2-core machine from oversubscribing.
    maxWorkers: 2,
    testTimeout: 20_000,
  },
})
