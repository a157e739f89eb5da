// @vitest-environment happy-dom
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'

// The server's replies, released by the test: the focus's list and the typed prefix's list arrive when it says.
const pending: { prefix: string; resolve: (v: { tag: string; runs: number }[]) => void }[] = []
vi.mock('../../src-renderer/api', () => ({
  api: { suggestTags: ({ prefix }: { prefix: string }) => new Promise((resolve) => pending.push({ prefix, resolve })) },
  connection: {},
}))

const { default: TagInput } = await import('../../src-renderer/components/library/TagInput.vue')
enableAutoUnmount(afterEach)

const IN_USE = [
  { tag: 'paper fig 2', runs: 2 },
  { tag: 'pilot', runs: 1 },
  { tag: 'baseline', runs: 5 },
]

describe('the tag field’s completion', () => {
  it('keeps the suggestion the user arrowed onto when a later reply lands, so Enter picks it (CI picked the bare text "pa")', async () => {
    vi.useFakeTimers()
    try {
      const w = mount(TagInput, { props: { label: 'Filter by tag', field: 'tagFilter' }, attachTo: document.body })
      const input = w.find('input')
      await input.trigger('focus')
      await input.setValue('pa')
      // The focus's reply (every tag) lands first: the list shows what starts with "pa".
      pending.find((p) => p.prefix === '')!.resolve(IN_USE)
      await flushPromises()
      await input.trigger('keydown', { key: 'ArrowDown' })
      // Then the reply for the typed prefix, after the user has chosen.
      vi.advanceTimersByTime(200)
      pending.find((p) => p.prefix === 'pa')!.resolve([IN_USE[0]!])
      await flushPromises()
      await input.trigger('keydown', { key: 'Enter' })
      expect(w.emitted('pick')).toEqual([['paper fig 2']])
    } finally {
      vi.useRealTimers()
    }
  })
})
