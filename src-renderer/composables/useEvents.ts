import { onScopeDispose } from 'vue'
import type { WorkbenchEvent } from '../../src-shared/api/contract'
import { connection } from '../api'

/** Listens to main's events for as long as the calling component (or effect scope) lives. */
export function useWorkbenchEvents(listener: (e: WorkbenchEvent) => void): void {
  const off = connection.onEvent(listener)
  onScopeDispose(off)
}
