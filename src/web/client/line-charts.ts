// The timeline's line chart, in a chunk of its own: its axes, tooltip, plain legend, wheel and
// drag zoom (the slider and the scrolling legend cost 30 KB) and the marks for culprits.
import { LineChart } from "echarts/charts";
import { DataZoomInsideComponent, GridComponent, LegendPlainComponent, MarkLineComponent, MarkPointComponent, TitleComponent } from "echarts/components";
import * as echarts from "echarts/core";

echarts.use([LineChart, GridComponent, LegendPlainComponent, DataZoomInsideComponent, MarkPointComponent, MarkLineComponent, TitleComponent]);
