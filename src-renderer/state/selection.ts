import { ref } from 'vue'

export type View = 'workbench' | 'runs' | 'compare' | 'gallery' | 'studies'

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

/** The study the Studies view shows, or the editor, or two studies side by side. */
export const studyScreen = ref<{ kind: 'study'; id: string } | { kind: 'new'; from: unknown | null } | { kind: 'compare'; ids: [string, string] } | { kind: 'none' }>({ kind: 'none' })

export function showStudy(id: string): void {
  studyScreen.value = { kind: 'study', id }
  currentView.value = 'studies'
}
