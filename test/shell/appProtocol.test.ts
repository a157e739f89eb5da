import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CONTENT_SECURITY_POLICY } from '../../src-main/csp'
import { APP_PAGE_URL, appFileResponse, isTrustedPageUrl } from '../../src-main/shell/appProtocol'
import { tempDir } from '../cli/runCli'

function renderer(): string {
  const dir = tempDir()
  const root = join(dir, 'renderer')
  mkdirSync(join(root, 'assets'), { recursive: true })
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>nw</title>')
  writeFileSync(join(root, 'assets', 'index-abc.js'), 'export {}')
  writeFileSync(join(root, 'assets', 'index-abc.css'), 'body{}')
  writeFileSync(join(root, 'assets', 'font.woff2'), 'x')
  writeFileSync(join(dir, 'secret.txt'), 'outside the renderer')
  mkdirSync(join(dir, 'renderer-evil'))
  writeFileSync(join(dir, 'renderer-evil', 'x.js'), 'a sibling folder whose name starts the same')
  return root
}

describe('the app:// protocol', () => {
  it('serves the renderer with MIME types and the CSP', async () => {
    const root = renderer()
    const page = await appFileResponse(root, APP_PAGE_URL)
    expect(page.status).toBe(200)
    expect(String(page.body)).toContain('<title>nw</title>')
    expect(page.headers).toMatchObject({ 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'X-Content-Type-Options': 'nosniff' })
    expect((await appFileResponse(root, 'app://nw-workbench/')).status).toBe(200)
    expect((await appFileResponse(root, 'app://nw-workbench/assets/index-abc.js')).headers['Content-Type']).toBe('text/javascript; charset=utf-8')
    expect((await appFileResponse(root, 'app://nw-workbench/assets/index-abc.css')).headers['Content-Type']).toBe('text/css; charset=utf-8')
    expect((await appFileResponse(root, 'app://nw-workbench/assets/font.woff2')).headers['Content-Type']).toBe('font/woff2')
  })

  it('refuses every path outside the renderer, however it is written', async () => {
    const root = renderer()
    for (const url of [
      'app://nw-workbench/../secret.txt',
      'app://nw-workbench/%2e%2e/secret.txt',
      'app://nw-workbench/%2E%2E%2Fsecret.txt',
      'app://nw-workbench/assets/..%2F..%2Fsecret.txt',
      'app://nw-workbench/..%5Csecret.txt',
      'app://nw-workbench/%2e%2e%2frenderer-evil/x.js',
      'app://nw-workbench/assets/%00.js',
      'app://nw-workbench/%',
      'app://nw-workbench/assets',
      'app://other-host/index.html',
      'file:///etc/passwd',
      'not a url',
    ]) {
      const r = await appFileResponse(root, url)
      expect(r.status, url).toBe(404)
      expect(String(r.body)).not.toMatch(/outside the renderer|sibling/)
    }
    expect((await appFileResponse(root, APP_PAGE_URL, 'POST')).status).toBe(405)
  })
})

describe('the trusted page URL', () => {
  it('is matched exactly, never by prefix, in the packaged app and in development', () => {
    expect(isTrustedPageUrl(APP_PAGE_URL, APP_PAGE_URL)).toBe(true)
    for (const other of ['app://nw-workbench/index.html.evil', 'app://nw-workbench/index.html/../x', 'app://nw-workbench/other.html', 'app://nw-workbench.evil/index.html', 'APP://nw-workbench/index.html?x', 'file:///index.html', '']) {
      expect(isTrustedPageUrl(other, APP_PAGE_URL), other).toBe(false)
    }
    const dev = 'http://localhost:5173'
    expect(isTrustedPageUrl('http://localhost:5173/', dev)).toBe(true)
    // startsWith(devServerUrl) took all of these.
    for (const other of ['http://localhost:51730/', 'http://localhost:5173.evil.com/', 'http://localhost:5173@evil.com/', 'http://localhost:5173/other.html']) {
      expect(isTrustedPageUrl(other, dev), other).toBe(false)
    }
  })
})
