// The treemap chart, in a chunk of its own: only the build page loads it.
import { TreemapChart } from "echarts/charts";
import * as echarts from "echarts/core";

echarts.use([TreemapChart]);
