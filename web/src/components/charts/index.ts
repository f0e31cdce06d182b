export {
  LineChart,
  type ChartRegion,
  type LineChartProps,
  type LinePoint,
  type LineSeries,
} from './LineChart.js';
export { GroupedBarChart, type BarSeries, type GroupedBarChartProps } from './GroupedBarChart.js';
export { HBarChart, type HBarChartProps, type HBarRow } from './HBarChart.js';
export { Legend, ChartTable, seriesColor, type LegendItem } from './chart-frame.js';
export * from './scales.js';
