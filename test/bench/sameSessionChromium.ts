import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type BrowserContext } from 'playwright-core'
import { CHROMIUM } from '../e2e/chromium'

/**
 * Headless Chromium started as a plain child of this process, in its
 * session, and driven over the DevTools protocol: the latency benchmarks'
 * browser.
 *
 * Why not Playwright's launch: it starts the browser in a session of its own
 * (setsid), and Linux schedules each session as a group (autogroup): a busy
 * browser and a busy server then split the cores evenly, whatever the
 * server's threads' priorities. The app's leave-one-out search runs at the
 * lowest priority (src-main/jobs/threadPriority.ts) so that it yields to the
 * preview's workers, as it does in the Electron app, whose renderers are
 * children of its main process, in one session. In a separate session it
 * took a core from them: typed sigmas at 10^5 with the tricube, 124-262 ms a
 * frame against 82-156 with the machine's session groups turned off
 * (sched_autogroup_enabled 0), the same build a few minutes apart.
 */

/** The switches of Playwright's own launch that bear on timing (background throttling, hang monitoring). */
const PLAYWRIGHT_TIMING_SWITCHES = [
  '--disable-field-trial-config',
  '--disable-background-networking',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  '--disable-renderer-backgrounding',
  '--disable-back-forward-cache',
  '--disable-breakpad',
  '--disable-component-extensions-with-background-pages',
  '--disable-component-update',
  '--disable-default-apps',
  '--disable-dev-shm-usage',
  '--disable-extensions',
  '--disable-hang-monitor',
  '--disable-ipc-flooding-protection',
  '--disable-popup-blocking',
  '--disable-prompt-on-repost',
  '--allow-pre-commit-input',
  '--force-color-profile=srgb',
  '--metrics-recording-only',
  '--no-default-browser-check',
  '--no-first-run',
  '--password-store=basic',
  '--use-mock-keychain',
  '--no-service-autorun',
  '--disable-search-engine-choice-screen',
  '--disable-sync',
]

export interface SessionBrowser {
  context: BrowserContext
  close(): Promise<void>
}

export async function launchChromiumInSession(options: { width: number; height: number }): Promise<SessionBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'nw-chromium-session-'))
  const child = spawn(
    CHROMIUM,
    [
      ...PLAYWRIGHT_TIMING_SWITCHES,
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--remote-debugging-port=0',
      `--user-data-dir=${profile}`,
      `--window-size=${options.width},${options.height}`,
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  )
  const endpoint = await new Promise<string>((resolve, reject) => {
    let seen = ''
    const timer = setTimeout(() => reject(new Error(`Chromium did not start its DevTools endpoint within 30 s:\n${seen}`)), 30_000)
    const read = (chunk: Buffer) => {
      seen += chunk.toString()
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(seen)
      if (m) {
        clearTimeout(timer)
        child.stderr!.off('data', read)
        resolve(m[1]!)
      }
    }
    child.stderr!.on('data', read)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`Chromium exited (${code}) before its DevTools endpoint:\n${seen}`))
    })
  })
  // Keep reading its output, or a chatty browser blocks on a full pipe.
  child.stderr!.resume()
  const browser = await chromium.connectOverCDP(endpoint)
  const context = await browser.newContext({ viewport: { width: options.width, height: options.height } })
  return {
    context,
    async close() {
      await browser.close().catch(() => undefined)
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve))
        child.kill()
        await exited
      }
      rmSync(profile, { recursive: true, force: true })
    },
  }
}
