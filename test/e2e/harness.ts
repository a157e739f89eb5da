import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import { vi } from 'vitest'
import { startBrowserServer, type BrowserServer } from '../../src-main/server/httpServer'
import { RENDERER_DIR } from '../../src-main/server/rendererBuild'
import { createServices, type Services } from '../../src-main/services'
import { tempDir } from '../cli/runCli'
import { CHROMIUM, launchChromium } from './chromium'

// A browser test waits on pages whose own waits run up to 30 s when the other test worker keeps
// both cores busy (CI once timed out the cancel test at the global 20 s while its page was still
// inside a 30 s wait): every file that opens the workbench gets a bound above its waits.
vi.setConfig({ testTimeout: 90_000 })

export const SCREENSHOTS = join(__dirname, '..', '..', 'test-results', 'screenshots')

export interface E2E {
  services: Services
  server: BrowserServer
  context: BrowserContext
  page: Page
  /** Console errors and uncaught exceptions of the page (CSP violations included). */
  problems: string[]
  close(): Promise<void>
  shot(name: string): Promise<void>
}

/** Browser mode on a fresh database, and a headless Chromium showing it. */
export async function openWorkbench(options: { dark?: boolean; width?: number; height?: number } = {}): Promise<E2E> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`)
  }
  mkdirSync(SCREENSHOTS, { recursive: true })
  const services = createServices({ databasePath: join(tempDir('nw-e2e-'), 'runs.db'), transport: 'browser', experimentWorkers: 1 })
  const server = await startBrowserServer({ services, rendererDir: RENDERER_DIR, host: '127.0.0.1', port: 0, token: 'e2e'.repeat(16) })
  const context = await launchChromium(options)
  const page = context.pages()[0] ?? (await context.newPage())
  const problems: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text())
  })
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`))
  await page.goto(server.url)
  await page.waitForSelector('[data-action="run"]')
  return {
    services,
    server,
    context,
    page,
    problems,
    shot: async (name) => {
      await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true })
    },
    close: async () => {
      await context.close()
      await server.close()
      await services.close()
    },
  }
}

/**
 * How many pixels of a chart are painted (not transparent), over all its
 * canvas layers: proof that something was drawn, not just an empty box.
 */
export async function paintedPixels(page: Page, selector: string): Promise<number> {
  return page.$eval(selector, (el) => {
    let n = 0
    for (const canvas of Array.from(el.querySelectorAll('canvas'))) {
      const ctx = canvas.getContext('2d')
      if (!ctx || canvas.width === 0 || canvas.height === 0) continue
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height)
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++
    }
    return n
  })
}

/** The pixels of a chart's layers, to tell whether it changed. */
export async function canvasSignature(page: Page, selector: string): Promise<string> {
  return page.$eval(selector, (el) => Array.from(el.querySelectorAll('canvas'), (c) => c.toDataURL()).join('|'))
}
