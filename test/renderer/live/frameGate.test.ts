import { describe, expect, it } from 'vitest'
import { chartDrawing, chartsFinished, frameEnded, framesIdle, framesOnTheirWay, frameStarted } from '../../../src-renderer/live/frameGate'

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

  it('lets work for the server wait until no frame is on its way', async () => {
    const order: string[] = []
    await framesIdle().then(() => void order.push('idle at once'))
    frameStarted()
    frameStarted()
    const waited = framesIdle().then(() => void order.push('after both frames'))
    frameEnded()
    await new Promise((r) => setTimeout(r, 5))
    expect(order).toEqual(['idle at once'])
    frameEnded()
    await waited
    expect(order).toEqual(['idle at once', 'after both frames'])
  })

  it('stops waiting for a frame whose end never comes after a limit', async () => {
    frameStarted()
    const start = Date.now()
    await framesIdle(30)
    expect(Date.now() - start).toBeGreaterThanOrEqual(25)
    frameEnded()
    expect(framesOnTheirWay()).toBe(false)
  })
})
