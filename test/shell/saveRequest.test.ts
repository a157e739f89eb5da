import { describe, expect, it } from 'vitest'
import { checkSaveRequest } from '../../src-main/shell/saveRequest'

describe("saveFile's request, checked in main", () => {
  it('passes a well-formed request, rebuilt from its checked fields only', () => {
    const r = checkSaveRequest({ defaultName: 'figs/fit.svg', data: '<svg/>', filters: [{ name: 'SVG image', extensions: ['svg'], extra: 'dropped' }], other: 1 })
    expect(r).toEqual({ ok: true, value: { defaultName: 'figs_fit.svg', data: '<svg/>', filters: [{ name: 'SVG image', extensions: ['svg'] }] } })
    expect(checkSaveRequest({ defaultName: 'a.png', data: new Uint8Array([1, 2]) })).toMatchObject({ ok: true, value: { filters: [] } })
    expect(checkSaveRequest({ defaultName: 'a', data: 'x', filters: [{ name: 'All files', extensions: ['*'] }] }).ok).toBe(true)
  })

  it.each([
    [null, /file name and text or bytes/],
    [{ defaultName: '', data: 'x' }, /file name must be 1 to 255/],
    [{ defaultName: 'a', data: 5 }, /text or bytes/],
    [{ defaultName: 'a', data: 'x', filters: 'svg' }, /filters must be a list/],
    [{ defaultName: 'a', data: 'x', filters: Array.from({ length: 21 }, () => ({ name: 'n', extensions: ['a'] })) }, /at most 20/],
    [{ defaultName: 'a', data: 'x', filters: [null] }, /each filter needs a name/],
    [{ defaultName: 'a', data: 'x', filters: [{ name: 'x'.repeat(101), extensions: ['a'] }] }, /each filter needs a name/],
    [{ defaultName: 'a', data: 'x', filters: [{ name: 'bell\u0007', extensions: ['a'] }] }, /each filter needs a name/],
    [{ defaultName: 'a', data: 'x', filters: [{ name: 'n', extensions: [] }] }, /extensions of letters and digits/],
    [{ defaultName: 'a', data: 'x', filters: [{ name: 'n', extensions: ['.svg'] }] }, /extensions of letters and digits/],
    [{ defaultName: 'a', data: 'x', filters: [{ name: 'n', extensions: ['s/v'] }] }, /extensions of letters and digits/],
    [{ defaultName: 'a', data: 'x', filters: [{ name: 'n', extensions: [7] }] }, /extensions of letters and digits/],
    [{ defaultName: 'a', data: 'x', filters: [{ name: 'n', extensions: 'svg' }] }, /extensions of letters and digits/],
  ])('refuses %j', (req, reason) => {
    const r = checkSaveRequest(req)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.reason).toMatch(reason)
  })
})
