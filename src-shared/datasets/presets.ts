import { InputError } from '../errors'
import cars from './cars.json'
import penguins from './penguins.json'

/**
 * Real data sets shipped with the workbench, usable from the engine, the
 * command line and the renderer alike (plain JSON, no file access). They
 * come from the vega-datasets package 3.2.1 (BSD-3-Clause; extracted by
 * scripts/extract-datasets.mjs, rows with a missing value dropped):
 * - cars: StatLib's cars data (1983 ASA Data Exposition), "distributed for
 *   educational and scientific purposes": fuel economy against horsepower
 *   and weight, the classic several-feature regression;
 * - penguins: the Palmer penguins (Gorman, Williams & Fraser 2014; Horst,
 *   Hill & Gorman 2020), CC0 1.0: three species from beak and flipper
 *   measurements, a classic classification set (the package ships no iris).
 */

interface RawTable {
  source: string
  columns: string[]
  rows: (string | number)[][]
}

export interface DataPreset {
  id: 'cars' | 'penguins'
  title: string
  task: 'regression' | 'classification'
  /** Numeric columns offered as features, and the default selection. */
  numericColumns: string[]
  defaultFeatures: string[]
  /** The value column (regression) or the class column (classification). */
  target: string
  source: string
  licence: string
  citation: string
}

export const DATA_PRESETS: readonly DataPreset[] = [
  {
    id: 'cars',
    title: 'Cars: fuel economy against horsepower and weight',
    task: 'regression',
    numericColumns: ['horsepower', 'weight', 'displacement', 'acceleration', 'cylinders'],
    defaultFeatures: ['horsepower', 'weight'],
    target: 'mpg',
    source: (cars as RawTable).source,
    licence: 'StatLib, distributed for educational and scientific purposes; packaged in vega-datasets (BSD-3-Clause)',
    citation: 'Ramos, E. and Donoho, D. (1983), ASA Data Exposition dataset; StatLib cars data',
  },
  {
    id: 'penguins',
    title: 'Palmer penguins: species from beak and flipper measurements',
    task: 'classification',
    numericColumns: ['beak_length', 'beak_depth', 'flipper_length', 'body_mass'],
    defaultFeatures: ['beak_length', 'flipper_length'],
    target: 'species',
    source: (penguins as RawTable).source,
    licence: 'CC0 1.0',
    citation: 'Gorman, Williams & Fraser (2014), PLoS ONE 9(3): e90081; Horst, Hill & Gorman (2020), palmerpenguins',
  },
]

const TABLES: Record<DataPreset['id'], RawTable> = { cars: cars as RawTable, penguins: penguins as RawTable }

export interface PresetData {
  /** Row-major rows x d, the chosen features in order. */
  x: Float64Array
  d: number
  rows: number
  features: string[]
  /** Regression: the target values; classification: null. */
  y: Float64Array | null
  /** Classification: the class label of each row; regression: null. */
  labels: string[] | null
}

export function dataPreset(id: string): DataPreset {
  const preset = DATA_PRESETS.find((p) => p.id === id)
  if (!preset) throw new InputError(`unknown data set "${id}" (choose one of: ${DATA_PRESETS.map((p) => p.id).join(', ')})`)
  return preset
}

/** The preset's rows with the chosen features (default: the preset's own choice). */
export function loadPreset(id: string, features?: readonly string[]): PresetData {
  const preset = dataPreset(id)
  const table = TABLES[preset.id]
  const chosen = features ?? preset.defaultFeatures
  if (chosen.length === 0) throw new InputError('choose at least one feature')
  const index = chosen.map((name) => {
    if (!preset.numericColumns.includes(name)) {
      throw new InputError(`data set "${id}" has no numeric column "${name}" (columns: ${preset.numericColumns.join(', ')})`)
    }
    return table.columns.indexOf(name)
  })
  const target = table.columns.indexOf(preset.target)
  const rows = table.rows.length
  const d = chosen.length
  const x = new Float64Array(rows * d)
  for (let i = 0; i < rows; i++) for (let l = 0; l < d; l++) x[i * d + l] = table.rows[i]![index[l]!] as number
  const classification = preset.task === 'classification'
  return {
    x,
    d,
    rows,
    features: [...chosen],
    y: classification ? null : Float64Array.from(table.rows, (r) => r[target] as number),
    labels: classification ? table.rows.map((r) => String(r[target])) : null,
  }
}
