import { ref } from 'vue'

export type View = 'workbench' | 'runs' | 'compare' | 'gallery'

/** Which view is showing and which run the workbench shows. */
export const currentView = ref<View>('workbench')
export const selectedRunId = ref<string | null>(null)

export function showRun(id: string): void {
  selectedRunId.value = id
  currentView.value = 'workbench'
}

/** The runs the compare view shows. */
export const compareIds = ref<string[]>([])

export function compareRuns(ids: string[]): void {
  compareIds.value = ids
  currentView.value = 'compare'
}
