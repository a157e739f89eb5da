import { resolve } from 'node:path'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'electron-vite'

/**
 * One build for the desktop app and browser mode: main (the Electron shell
 * and, through ?modulePath, the job worker), the sandboxed preload, and the
 * renderer, which browser mode serves from out/renderer as is.
 */
export default defineConfig({
  main: {
    build: {
      rollupOptions: { input: { index: resolve(__dirname, 'src-main/shell/main.ts') } },
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
    plugins: [vue()],
    build: {
      rollupOptions: { input: resolve(__dirname, 'src-renderer/index.html') },
      chunkSizeWarningLimit: 1500,
    },
  },
})
