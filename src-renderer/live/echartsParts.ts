// What the live views draw besides what charts/echarts.ts registers (use() is idempotent): the probe's bars
// (a custom series, widths following the keys' spacing) and the heatmap's cells as one image (a graphic).
import { CustomChart } from 'echarts/charts'
import { GraphicComponent } from 'echarts/components'
import { use } from 'echarts/core'
import '../charts/echarts'

use([CustomChart, GraphicComponent])
