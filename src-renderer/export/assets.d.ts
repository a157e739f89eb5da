// Binary files of the figure export, as base64 (see exportAssets in electron.vite.config.ts).
declare module 'virtual:export-asset/*' {
  const base64: string
  export default base64
}
