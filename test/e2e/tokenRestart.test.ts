import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startBrowserServer, type BrowserServer } from '../../src-main/server/httpServer'
import { RENDERER_DIR } from '../../src-main/server/rendererBuild'
import { createServices, type Services } from '../../src-main/services'
import { tempDir } from '../cli/runCli'
import { CHROMIUM, launchChromium } from './chromium'

// Issue 10: restarting `serve` left an open tab "reconnecting…" forever; its
// calls failed with "missing or wrong token" and a reload got plain text.
// Now a restart with the same token is invisible to the tab, and a new token
// is explained in words, on the page and after a reload.
const OLD = 'o'.repeat(48)
const NEW = 'n'.repeat(48)
let services: Services
let server: BrowserServer | null = null
let port = 0
let context: BrowserContext
let page: Page

const start = async (token: string) => {
  server = await startBrowserServer({ services, rendererDir: RENDERER_DIR, host: '127.0.0.1', port, token, log: () => undefined })
  port = server.port
}
const stop = async () => {
  await server?.close()
  server = null
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM}`)
  services = createServices({ databasePath: join(tempDir('nw-e2e-'), 'runs.db'), transport: 'browser', experimentWorkers: 1 })
  await start(OLD)
  context = await launchChromium()
  page = context.pages()[0] ?? (await context.newPage())
  await page.goto(server!.url)
  await page.waitForSelector('[data-action="run"]')
}, 60_000)
afterAll(async () => {
  await context?.close()
  await stop()
  await services?.close()
})

describe('a browser tab across restarts of serve', () => {
  it('says it is in browser mode', async () => {
    await expect.poll(() => page.textContent('[data-testid="transport"]')).toMatch(/· browser mode$/)
  })

  it('reconnects by itself when serve restarts with the same token', async () => {
    await stop()
    await page.waitForSelector('text=reconnecting to the workbench server…')
    await start(OLD)
    await page.waitForSelector('text=reconnecting to the workbench server…', { state: 'detached', timeout: 15_000 })
    expect(await page.$('[data-testid="token-refused"]')).toBeNull()
  }, 30_000)

  it('says in words that its token was refused when serve restarts with a new one, and a reload gets a page that says what to do', async () => {
    await stop()
    await start(NEW)
    const banner = await page.waitForSelector('[data-testid="token-refused"]', { timeout: 20_000 })
    expect(await banner.textContent()).toMatch(/^The workbench server refused this page’s access token.*Open the address nw-workbench serve printed/)
    expect(await page.$('text=reconnecting to the workbench server…')).toBeNull()
    const reply = await page.reload()
    expect(reply!.status()).toBe(401)
    expect(await page.textContent('h1')).toBe('This page’s access token was refused')
    expect(await page.textContent('body')).toMatch(/Open the address that nw-workbench serve printed/)
    // The new address lets it in again.
    await page.goto(server!.url)
    await page.waitForSelector('[data-action="run"]')
    expect(await page.$('[data-testid="token-refused"]')).toBeNull()
  }, 40_000)
})
