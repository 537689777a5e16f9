// The sentiment timeline chart (uPlot on a canvas): the rally's sentiment index and each stream's, in [-1, 1], with
// the run of show's segments shaded and labelled by speaker. Labels are drawn on the canvas, never as markup.
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { TimelineData, TimelineSegment } from "./timeline.js";

/** Line colours: the rally first, then one per stream. */
export const seriesColours = ["#4fb3ff", "#3ddc84", "#ffb224", "#ff7ad9", "#b59cff", "#ff8f5c", "#7ee8fa", "#c3e88d"];
const shades = ["rgba(79,179,255,0.10)", "rgba(255,178,36,0.10)"];

/** A timeline chart in `container`; call update() with new data, it follows the container's width. */
export class TimelineChart {
  private readonly plot: uPlot;
  private segments: TimelineSegment[] = [];

  constructor(container: HTMLElement, streamNames: readonly string[], height = 280) {
    const options: uPlot.Options = {
      width: Math.max(300, container.clientWidth),
      height,
      scales: { x: { time: true }, y: { range: [-1, 1] } },
      axes: [
        { stroke: "#93a1ae", grid: { stroke: "#2e3b48" }, ticks: { stroke: "#2e3b48" } },
        { stroke: "#93a1ae", grid: { stroke: "#2e3b48" }, ticks: { stroke: "#2e3b48" }, values: (_, values) => values.map(v => v.toFixed(1)) },
      ],
      series: [
        {},
        { label: "Whole rally", stroke: seriesColours[0], width: 3, spanGaps: true },
        ...streamNames.map((name, i) => ({ label: name, stroke: seriesColours[(i + 1) % seriesColours.length], width: 1.5, spanGaps: true })),
      ],
      legend: { show: true, live: false },
      cursor: { drag: { x: false, y: false } },
      hooks: {
        drawClear: [plot => this.shadeSegments(plot)],
        draw: [plot => this.labelSegments(plot)],
      },
    };
    this.plot = new uPlot(options, [[], [], ...streamNames.map(() => [])], container);
    new ResizeObserver(() => this.plot.setSize({ width: Math.max(300, container.clientWidth), height })).observe(container);
  }

  update(data: TimelineData, segments: TimelineSegment[]): void {
    this.segments = segments;
    this.plot.setData([data.xs, data.rally, ...data.streams.map(s => s.values)] as uPlot.AlignedData);
  }

  private visibleSpan(plot: uPlot, segment: TimelineSegment): [number, number] | null {
    const min = plot.scales.x.min;
    const max = plot.scales.x.max;
    if (min === undefined || max === undefined) {
      return null;
    }
    const start = Math.max(segment.start, min);
    const end = Math.min(segment.end ?? max, max);
    return end > start ? [plot.valToPos(start, "x", true), plot.valToPos(end, "x", true)] : null;
  }

  private shadeSegments(plot: uPlot): void {
    const { ctx, bbox } = plot;
    for (const segment of this.segments) {
      const span = this.visibleSpan(plot, segment);
      if (span) {
        ctx.fillStyle = shades[segment.index % shades.length]!;
        ctx.fillRect(span[0], bbox.top, span[1] - span[0], bbox.height);
      }
    }
  }

  private labelSegments(plot: uPlot): void {
    const { ctx, bbox } = plot;
    const ratio = window.devicePixelRatio || 1;
    ctx.save();
    ctx.font = `${Math.round(13 * ratio)}px system-ui, sans-serif`;
    ctx.fillStyle = "#eef2f5";
    ctx.textBaseline = "top";
    for (const segment of this.segments) {
      const span = this.visibleSpan(plot, segment);
      if (span && span[1] - span[0] > 30 * ratio) {
        ctx.save();
        ctx.beginPath();
        ctx.rect(span[0], bbox.top, span[1] - span[0], bbox.height);
        ctx.clip();
        ctx.fillText(segment.label, span[0] + 6 * ratio, bbox.top + 6 * ratio);
        ctx.restore();
      }
    }
    ctx.restore();
  }
}
