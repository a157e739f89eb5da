import { ref } from 'vue'

export interface Toast {
  id: number
  message: string
  kind: 'info' | 'error'
  /** An action offered with the message, such as Undo. */
  action?: { label: string; run: () => void | Promise<void> }
}

/** Short messages at the bottom of the window: where a file went, or Undo after a delete. */
export const toasts = ref<Toast[]>([])
let next = 1

export function notify(message: string, kind: Toast['kind'] = 'info', action?: Toast['action'], ms = 6000): void {
  const toast: Toast = { id: next++, message, kind, ...(action ? { action } : {}) }
  toasts.value = [...toasts.value, toast]
  setTimeout(() => dismiss(toast.id), ms)
}

export function dismiss(id: number): void {
  toasts.value = toasts.value.filter((t) => t.id !== id)
}
