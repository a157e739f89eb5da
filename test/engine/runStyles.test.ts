import { describe, expect, it } from 'vitest'
import { categoryStyle, rampColor, stylesBy } from '../../src-shared/charts/runStyles'
import { LIGHT_THEME } from '../../src-shared/charts/theme'

describe('telling overlaid runs apart', () => {
  it('gives 40 runs 40 different styles: twenty colours, then the same colours dashed', () => {
    const styles = Array.from({ length: 40 }, (_, k) => categoryStyle(k, LIGHT_THEME))
    expect(new Set(styles.map((s) => `${s.color}|${s.dash ?? 'solid'}`)).size).toBe(40)
    expect(new Set(styles.slice(0, 20).map((s) => s.color)).size).toBe(20)
    expect(styles[20]).toEqual({ color: styles[0]!.color, dash: 'dashed' })
  })

  it('colours a parameter that spans decades on a log scale, so 0.05 and 0.2 do not look alike', () => {
    const { styles, scale } = stylesBy([0.05, 0.2, 1, 5], LIGHT_THEME)
    expect(scale).toMatchObject({ min: 0.05, max: 5, log: true, missing: 0 })
    // On a log scale 0.2 sits at log(4)/log(100) = 0.30 of the way; linearly it would be at 0.03, next to 0.05.
    expect(styles[1]!.color).toBe(rampColor(Math.log(4) / Math.log(100)))
    expect(styles[0]!.color).toBe(rampColor(0))
    expect(styles[3]!.color).toBe(rampColor(1))
  })

  it('keeps a narrow numeric range linear, greys out runs without the parameter, and treats text as categories', () => {
    const lin = stylesBy([1, 2, null, 3], LIGHT_THEME)
    expect(lin.scale).toMatchObject({ min: 1, max: 3, log: false, missing: 1 })
    expect(lin.styles[1]!.color).toBe(rampColor(0.5))
    expect(lin.styles[2]!.dash).toBe('dotted')
    const cat = stylesBy(['gaussian', 'boxcar', 'gaussian'], LIGHT_THEME)
    expect(cat.scale).toBeNull()
    expect(cat.styles[0]).toEqual(cat.styles[2])
    expect(cat.styles[0]).not.toEqual(cat.styles[1])
  })
})
