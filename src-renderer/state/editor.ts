import { computed, reactive, watch } from 'vue'
import { loadDraft, saveDraft } from '../editor/editorDraft'
import { defaultEditorState, editorStateFromRun, validateEditor, type EditorState } from '../editor/editorModel'

/** The page's storage, when it has one (tests in Node have none). */
const storage = typeof localStorage === 'undefined' ? null : localStorage

/**
 * The experiment editor's state: one per window, so "edit and re-run" can
 * fill it from anywhere. It starts from the draft kept across reloads.
 */
export const editorState = reactive<EditorState>(loadDraft(storage))
export const editorValidation = computed(() => validateEditor(editorState))

// Typing writes the draft a moment later, once, not per keystroke. Imported data are watched by identity
// (a file read replaces them whole): a deep watch would walk a million numbers per keystroke.
const DRAFT_DELAY_MS = 300
let pending: ReturnType<typeof setTimeout> | undefined
const flush = () => {
  clearTimeout(pending)
  pending = undefined
  saveDraft(storage, editorState)
}
watch(
  () => [editorState.imported, JSON.stringify({ ...editorState, imported: null })],
  () => {
    clearTimeout(pending)
    pending = setTimeout(flush, DRAFT_DELAY_MS)
  },
)
// A reload right after typing still keeps the last keystroke.
if (typeof window !== 'undefined') window.addEventListener('pagehide', () => pending !== undefined && flush())

export function resetEditor(): void {
  Object.assign(editorState, defaultEditorState())
}

/** "Edit and re-run": the editor takes a stored run's parameters. */
export function loadRunIntoEditor(run: Parameters<typeof editorStateFromRun>[0]): void {
  Object.assign(editorState, editorStateFromRun(run))
}
