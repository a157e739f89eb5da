import type { Plugin } from 'vite'
export function exportAssets(): Plugin
