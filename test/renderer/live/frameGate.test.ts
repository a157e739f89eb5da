import { describe, expect, it } from 'vitest'
import { chartDrawing, chartsFinished, frameEnded, framesOnTheirWay, frameStarted } from '../../../src-renderer/live/frameGate'

describe('the live frame gate', () => {
  it('holds a frame until every chart still drawing has finished, including one that starts meanwhile', async () => {
    const order: string[] = []
    let finishFirst = () => undefined as void
    let finishSecond = () => undefined as void
    chartDrawing(new Promise<void>((r) => (finishFirst = r)).then(() => void order.push('first chart')))
    const painted = chartsFinished().then(() => void order.push('frame'))
    await Promise.resolve()
    chartDrawing(new Promise<void>((r) => (finishSecond = r)).then(() => void order.push('second chart')))
    finishFirst()
    await new Promise((r) => setTimeout(r, 5))
    expect(order).toEqual(['first chart'])
    finishSecond()
    await painted
    expect(order).toEqual(['first chart', 'second chart', 'frame'])
    // Nothing drawing: at once.
    await chartsFinished()
  })

  it('counts frames on their way', () => {
    expect(framesOnTheirWay()).toBe(false)
    frameStarted()
    frameStarted()
    frameEnded()
    expect(framesOnTheirWay()).toBe(true)
    frameEnded()
    frameEnded()
    expect(framesOnTheirWay()).toBe(false)
  })
})
