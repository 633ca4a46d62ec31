// The ECharts parts civicgrid's pages use, and nothing else: line and bar
// charts on a cartesian grid, with tooltip and legend, drawn on canvas
// (web/static/measures.js). A page that needs another chart or component
// adds it here and runs build.sh; ECharts logs "… not imported" otherwise.
import { use } from 'echarts/core';
import { LineChart, BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, LegendComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

use([LineChart, BarChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

// The page scripts call window.echarts.init, as with the full build.
export * from 'echarts/core';
