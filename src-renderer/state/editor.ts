import { computed, reactive } from 'vue'
import { defaultEditorState, validateEditor, type EditorState } from '../editor/editorModel'

/** The experiment editor's state: one per window, so "edit and re-run" can fill it from anywhere. */
export const editorState = reactive<EditorState>(defaultEditorState())
export const editorValidation = computed(() => validateEditor(editorState))

export function resetEditor(): void {
  Object.assign(editorState, defaultEditorState())
}
