import { resolve } from 'node:path'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'electron-vite'
import { exportAssets } from './scripts/export-assets-plugin.mjs'

/**
 * One build for the desktop app, the command line and browser mode: main
 * (the Electron shell, the command line, and the worker threads' entries,
 * each under a fixed name that src-main/runtime.ts finds), the sandboxed
 * preload, and the renderer, which browser mode serves from out/renderer.
 */
export default defineConfig({
  main: {
    build: {
      // hyparquet is bundled: loaded as a package it is 29 ES modules, each resolved, read and linked
      // on its own (about 27 ms of every command that reads a Parquet file).
      externalizeDeps: { exclude: ['hyparquet'] },
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src-main/shell/main.ts'),
          cli: resolve(__dirname, 'src-main/cli/main.ts'),
          'jobs.worker': resolve(__dirname, 'src-main/jobs/jobs.worker.ts'),
          'predict.worker': resolve(__dirname, 'src-main/parallel/predict.worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      rollupOptions: { input: { index: resolve(__dirname, 'src-main/shell/preload.ts') } },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src-renderer'),
    // Relative asset paths: the page loads from app://nw-workbench/ in Electron and from / in browser mode.
    base: './',
    plugins: [vue(), exportAssets()],
    build: {
      rollupOptions: { input: resolve(__dirname, 'src-renderer/index.html') },
      chunkSizeWarningLimit: 1500,
    },
  },
})
