import { computed, reactive } from 'vue'
import { defaultEditorState, editorStateFromRun, validateEditor, type EditorState } from '../editor/editorModel'

/** The experiment editor's state: one per window, so "edit and re-run" can fill it from anywhere. */
export const editorState = reactive<EditorState>(defaultEditorState())
export const editorValidation = computed(() => validateEditor(editorState))

export function resetEditor(): void {
  Object.assign(editorState, defaultEditorState())
}

/** "Edit and re-run": the editor takes a stored run's parameters. */
export function loadRunIntoEditor(run: Parameters<typeof editorStateFromRun>[0]): void {
  Object.assign(editorState, editorStateFromRun(run))
}
