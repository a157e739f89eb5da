import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { getCurrentFuseWire, FuseV1Options } from '@electron/fuses'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../cli/runCli'

// scripts/set-fuses.mjs: Electron's fuses for packaged builds (issue 15).
const SCRIPT = join(__dirname, '..', '..', 'scripts', 'set-fuses.mjs')
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'
const ENABLE = 0x31
const DISABLE = 0x30

/** A stand-in for an Electron binary: bytes around the fuse wire, as Electron 41 ships it (8 fuses, version 1). */
function fakeElectron(initial: number[]): string {
  const path = join(tempDir(), 'electron')
  writeFileSync(path, Buffer.concat([Buffer.alloc(4096, 7), Buffer.from(SENTINEL), Buffer.from([1, initial.length, ...initial]), Buffer.alloc(4096, 9)]))
  return path
}

describe('the fuses of a packaged build', () => {
  it('are what the issue asks: RunAsNode off, cookie encryption on, NODE_OPTIONS and --inspect off, ASAR integrity on', async () => {
    const { FUSES } = await import(SCRIPT)
    expect(FUSES).toMatchObject({
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    })
  })

  it('are flipped in the binary by the script, leaving every other byte as it was', async () => {
    // Electron's defaults: RunAsNode, NODE_OPTIONS, --inspect and file:// privileges on; the rest off.
    const path = fakeElectron([ENABLE, DISABLE, ENABLE, ENABLE, DISABLE, DISABLE, DISABLE, ENABLE])
    const before = readFileSync(path)
    const { setFuses } = await import(SCRIPT)
    await setFuses(path)
    const wire = await getCurrentFuseWire(path)
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((i) => (wire as unknown as Record<number, number>)[i])).toEqual([DISABLE, ENABLE, DISABLE, DISABLE, ENABLE, ENABLE, DISABLE, DISABLE])
    const after = readFileSync(path)
    const at = before.indexOf(SENTINEL) + SENTINEL.length + 2
    expect(after.length).toBe(before.length)
    expect(after.subarray(0, at).equals(before.subarray(0, at))).toBe(true)
    expect(after.subarray(at + 8).equals(before.subarray(at + 8))).toBe(true)
  })

  it('leave a fuse newer than the 1.x line knows at its default', async () => {
    const path = fakeElectron([ENABLE, DISABLE, ENABLE, ENABLE, DISABLE, DISABLE, DISABLE, ENABLE, ENABLE])
    const { setFuses } = await import(SCRIPT)
    await setFuses(path)
    const wire = (await getCurrentFuseWire(path)) as unknown as Record<number, number>
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8].map((i) => wire[i])).toEqual([DISABLE, ENABLE, DISABLE, DISABLE, ENABLE, ENABLE, DISABLE, DISABLE, ENABLE])
  })

  it('refuse a binary that has no fuse wire', async () => {
    const path = join(tempDir(), 'not-electron')
    writeFileSync(path, 'just some bytes')
    const { setFuses } = await import(SCRIPT)
    await expect(setFuses(path)).rejects.toThrow(/Could not find sentinel/)
  })
})
