// Only the ECharts parts the app draws with are bundled (tree-shaken registration).
import { CustomChart, HeatmapChart, LineChart, ParallelChart, ScatterChart } from 'echarts/charts'
import {
  DataZoomComponent,
  GraphicComponent,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  ParallelComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components'
import { use } from 'echarts/core'
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers'

use([
  CanvasRenderer,
  SVGRenderer,
  LineChart,
  ScatterChart,
  HeatmapChart,
  // Studies: bands over replicates (custom polygons) and parallel coordinates.
  CustomChart,
  ParallelChart,
  ParallelComponent,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  TitleComponent,
  VisualMapComponent,
  DataZoomComponent,
  GraphicComponent,
  MarkAreaComponent,
  MarkLineComponent,
])
