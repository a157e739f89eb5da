/** One schema change. `up` runs inside the transaction that applies all pending migrations. */
export interface Migration {
  version: number
  name: string
  up: string
}
