import { onScopeDispose, type Ref } from 'vue'

/**
 * Closes a popover (a menu, a chooser, a list of suggestions) on Escape and
 * on a press outside it, for as long as the calling component lives. When
 * focus was inside, it goes back to the popover's first button (its toggle),
 * so the keyboard does not lose its place.
 */
export function usePopover(open: Ref<boolean>, root: Ref<HTMLElement | null>): void {
  if (typeof document === 'undefined') return
  const onKey = (e: KeyboardEvent) => {
    if (e.key !== 'Escape' || !open.value) return
    const el = root.value
    const hadFocus = !!el && el.contains(document.activeElement)
    open.value = false
    if (hadFocus) el.querySelector('button')?.focus()
  }
  const onPointer = (e: Event) => {
    if (open.value && root.value && !root.value.contains(e.target as Node)) open.value = false
  }
  document.addEventListener('keydown', onKey)
  document.addEventListener('pointerdown', onPointer, true)
  onScopeDispose(() => {
    document.removeEventListener('keydown', onKey)
    document.removeEventListener('pointerdown', onPointer, true)
  })
}
