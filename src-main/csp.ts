/**
 * The Content-Security-Policy of the renderer: only the app's own scripts,
 * styles and connections; no inline script, no eval, no frames, no plugins.
 * 'wasm-unsafe-eval' lets the page compile WebAssembly (resvg, which draws
 * exported figures as PNG exactly as the command line does) and nothing
 * else: JavaScript eval stays forbidden.
 * Workers (the live preview's) load only from the app's own files: no blob:
 * URLs, which would let any script the page builds run as a worker.
 * index.html carries the same policy in a <meta> tag (a test keeps them equal);
 * Electron and the browser-mode server also send it as a header.
 */
export const PAGE_CSP =
  "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; worker-src 'self'; base-uri 'none'; form-action 'none'"

/** As a header it also forbids framing, which a <meta> policy cannot express. */
export const CONTENT_SECURITY_POLICY = `${PAGE_CSP}; frame-ancestors 'none'`
