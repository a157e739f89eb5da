// The ES build of svg2pdf.js, named by path: its package "main" is a UMD file
// that Node's ESM loader cannot use (see pdfNode.ts).
declare module 'svg2pdf.js/dist/svg2pdf.es.min.js' {
  export * from 'svg2pdf.js'
}
