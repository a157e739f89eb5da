import type { ChartTheme } from '../charts/theme'
import type { Figure } from './model'

/**
 * Which figure an on-screen chart option shows. Chart builders register the
 * figure model behind each option they return, so a chart's export button
 * can redraw it for print (another theme, size and font), write its data
 * and its Python script, with no change to the panels that show it.
 */
export type FigureSource = (theme: ChartTheme) => Figure

const SOURCES = new WeakMap<object, FigureSource>()

export function withFigure<T extends object>(option: T, source: FigureSource): T {
  SOURCES.set(option, source)
  return option
}

export function figureSourceOf(option: object): FigureSource | undefined {
  return SOURCES.get(option)
}
