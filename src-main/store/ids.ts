import { randomBytes } from 'node:crypto'

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567'

/** A run id: 12 base-32 characters (60 random bits), short enough to type, unique across databases for bundles. */
export function newRunId(): string {
  const bytes = randomBytes(12)
  let id = ''
  for (let i = 0; i < 12; i++) id += ALPHABET[bytes[i]! & 31]
  return id
}
