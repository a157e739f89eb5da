// Writes the data sets the workbench ships as presets (src-shared/datasets/*.json) from the
// vega-datasets package (a devDependency; BSD-3-Clause), keeping the columns a preset offers:
//   node scripts/extract-datasets.mjs
// cars: the StatLib "cars" data (1983 ASA Data Exposition), distributed by StatLib for
// educational and scientific purposes; penguins: Palmer penguins (Gorman, Williams & Fraser
// 2014; Horst, Hill & Gorman 2020), CC0 1.0. Rows with a missing value in a kept column are dropped.
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')
const pkgDir = path.join(ROOT, 'node_modules', 'vega-datasets')
const version = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version

const SETS = [
  {
    file: 'cars.json',
    id: 'cars',
    columns: { Miles_per_Gallon: 'mpg', Horsepower: 'horsepower', Weight_in_lbs: 'weight', Displacement: 'displacement', Acceleration: 'acceleration', Cylinders: 'cylinders', Origin: 'origin' },
  },
  {
    file: 'penguins.json',
    id: 'penguins',
    columns: { Species: 'species', 'Beak Length (mm)': 'beak_length', 'Beak Depth (mm)': 'beak_depth', 'Flipper Length (mm)': 'flipper_length', 'Body Mass (g)': 'body_mass' },
  },
]

for (const set of SETS) {
  const source = JSON.parse(readFileSync(path.join(pkgDir, 'data', set.file), 'utf8'))
  const names = Object.keys(set.columns)
  const rows = source.filter((r) => names.every((k) => r[k] !== null && r[k] !== undefined && r[k] !== '')).map((r) => names.map((k) => r[k]))
  const out = { source: `vega-datasets@${version} data/${set.file}`, columns: names.map((k) => set.columns[k]), rows }
  writeFileSync(path.join(ROOT, 'src-shared', 'datasets', `${set.id}.json`), JSON.stringify(out) + '\n')
  console.log(`${set.id}: ${rows.length} of ${source.length} rows`)
}
