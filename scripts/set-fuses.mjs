#!/usr/bin/env node
// Flips Electron's fuses on a packaged build (fuses are bits in the Electron
// binary itself; they can only be set after packaging, before signing):
//   node scripts/set-fuses.mjs PATH   (the packaged executable, or the .app on macOS)
// or as electron-builder's afterPack hook: "afterPack": "scripts/set-fuses.mjs".
// Uses @electron/fuses 1.x (2.x needs Node >= 22.12).
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
const { flipFuses, FuseV1Options, FuseVersion } = require('@electron/fuses')

/**
 * What a packaged nw-workbench allows (Electron's security guide, "Electron fuses"):
 * the binary cannot be run as plain Node, cookies are encrypted at rest,
 * NODE_OPTIONS and --inspect are ignored, and the app is loaded only from its
 * ASAR archive, whose integrity is checked. The page comes from app://, so
 * file:// keeps no extra privileges.
 */
export const FUSES = {
  version: FuseVersion.V1,
  // Newer Electrons have fuses that the 1.x line does not know (the wire only grows): they keep Electron's defaults.
  strictlyRequireAllFuses: false,
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
}

/** Flips the fuses of the Electron binary at `path`; resolves once the file is written. */
export async function setFuses(path) {
  await flipFuses(path, { ...FUSES, resetAdHocDarwinSignature: process.platform === 'darwin' && process.arch === 'arm64' })
}

/** electron-builder afterPack hook: the packaged executable, per platform. */
export default async function afterPack(context) {
  const name = context.packager.appInfo.productFilename
  const platform = context.electronPlatformName
  const binary =
    platform === 'darwin' || platform === 'mas'
      ? join(context.appOutDir, `${name}.app`)
      : platform === 'win32'
        ? join(context.appOutDir, `${name}.exe`)
        : join(context.appOutDir, context.packager.executableName ?? name)
  await setFuses(binary)
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const target = process.argv[2]
  if (!target) {
    console.error('usage: node scripts/set-fuses.mjs PATH_TO_PACKAGED_ELECTRON_EXECUTABLE')
    process.exit(2)
  }
  try {
    await setFuses(resolve(target))
    console.log(`set-fuses: fuses set on ${target}`)
  } catch (e) {
    console.error(`set-fuses: ${target}: ${e.message}`)
    process.exit(1)
  }
}
