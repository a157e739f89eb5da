import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CONTENT_SECURITY_POLICY, PAGE_CSP } from '../../src-main/csp'

describe('Content-Security-Policy', () => {
  it('is the same in index.html and in the headers (plus frame-ancestors, which a meta tag cannot carry)', () => {
    const html = readFileSync(join(__dirname, '..', '..', 'src-renderer', 'index.html'), 'utf8')
    const meta = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)![1]
    expect(meta).toBe(PAGE_CSP)
    expect(CONTENT_SECURITY_POLICY).toBe(`${PAGE_CSP}; frame-ancestors 'none'`)
  })
  it('allows no inline script, no eval and nothing from elsewhere (WebAssembly only, for the PNG export)', () => {
    expect(CONTENT_SECURITY_POLICY).toMatch(/default-src 'none'/)
    expect(CONTENT_SECURITY_POLICY).toMatch(/script-src 'self' 'wasm-unsafe-eval';/)
    expect(CONTENT_SECURITY_POLICY.replace("'wasm-unsafe-eval'", '')).not.toMatch(/unsafe-inline|unsafe-eval|\*|https?:/)
  })
  it("lets workers load only from the app's own files (the live preview's), never from blob: URLs", () => {
    expect(CONTENT_SECURITY_POLICY).toMatch(/worker-src 'self';/)
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/worker-src[^;]*blob:/)
  })
})
