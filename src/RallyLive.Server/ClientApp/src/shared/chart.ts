// The sentiment timeline chart (uPlot on a canvas): the rally's sentiment index and each stream's, in [-1, 1], averaged
// over a few seconds with gaps where nobody reacted or chatted, on a local clock axis; the run of show's segments
// shaded, numbered, and named in full in a key under the chart (text elements) and on the canvas where the name fits.
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { h, replace } from "./dom.js";
import { clockTicks, formatClock, sentimentTick } from "./format.js";
import { smoothingSeconds, type TimelineData, type TimelineSegment } from "./timeline.js";

/** Line colours: the rally first, then one per stream. */
export const seriesColours = ["#4fb3ff", "#3ddc84", "#ffb224", "#ff7ad9", "#b59cff", "#ff8f5c", "#7ee8fa", "#c3e88d"];
const shades = ["rgba(79,179,255,0.10)", "rgba(255,178,36,0.10)"];
const shadeKeys = ["rgba(79,179,255,0.45)", "rgba(255,178,36,0.45)"];

/** Tick steps of the time axis, in seconds: whole seconds only, so no tick is ever labelled with a fraction. */
const timeSteps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200];

/** A timeline chart in `container`; call update() with new data, it follows the container's width. */
export class TimelineChart {
  private readonly plot: uPlot;
  private readonly key: HTMLOListElement;
  private segments: TimelineSegment[] = [];
  private keyed = "";

  constructor(container: HTMLElement, streamNames: readonly string[], height = 280) {
    const plotBox = h("div", { class: "chart-plot" });
    this.key = h("ol", { class: "chart-key", "data-testid": "segment-key", "aria-label": "Who was on stage" });
    replace(container,
      h("p", { class: "muted chart-caption" },
        `Sentiment from −1 (all negative) to +1 (all positive), averaged over ${smoothingSeconds} s; no line where nobody reacted or chatted.`),
      plotBox, this.key);
    const width = () => Math.max(240, plotBox.clientWidth || container.clientWidth);
    const options: uPlot.Options = {
      width: width(),
      height,
      scales: { x: { time: true }, y: { range: [-1, 1] } },
      axes: [
        {
          stroke: "#93a1ae", grid: { stroke: "#2e3b48" }, ticks: { stroke: "#2e3b48" },
          space: 90, incrs: timeSteps, values: (_, ticks) => clockTicks(ticks),
        },
        {
          stroke: "#93a1ae", grid: { stroke: "#2e3b48" }, ticks: { stroke: "#2e3b48" }, size: 52,
          splits: () => [-1, -0.5, 0, 0.5, 1], values: (_, ticks) => ticks.map(sentimentTick),
        },
      ],
      series: [
        { value: (_, x) => (x === null ? "—" : formatClock(new Date(x * 1000))) },
        { label: "Whole rally", stroke: seriesColours[0], width: 3, spanGaps: false, value: (_, v) => (v === null ? "—" : sentimentTick(Math.round(v * 100) / 100)) },
        ...streamNames.map((name, i) => ({
          label: name, stroke: seriesColours[(i + 1) % seriesColours.length], width: 1.5, spanGaps: false,
          value: (_: uPlot, v: number | null) => (v === null ? "—" : sentimentTick(Math.round(v * 100) / 100)),
        })),
      ],
      legend: { show: true, live: true },
      cursor: { drag: { x: false, y: false } },
      hooks: {
        drawClear: [plot => this.shadeSegments(plot)],
        draw: [plot => this.labelSegments(plot)],
      },
    };
    this.plot = new uPlot(options, [[], [], ...streamNames.map(() => [])], plotBox);
    new ResizeObserver(() => this.plot.setSize({ width: width(), height })).observe(container);
  }

  update(data: TimelineData, segments: TimelineSegment[]): void {
    this.segments = segments;
    this.plot.setData([data.xs, data.rally, ...data.streams.map(s => s.values)] as uPlot.AlignedData);
    this.renderKey();
  }

  /** The segments in words under the chart: number, start time, speaker and segment, in full. */
  private renderKey(): void {
    const signature = JSON.stringify(this.segments);
    if (signature === this.keyed) {
      return;
    }
    this.keyed = signature;
    replace(this.key, this.segments.map(segment => {
      const swatch = h("span", { class: "chart-key-swatch", "aria-hidden": "true" });
      swatch.style.background = shadeKeys[segment.index % shadeKeys.length]!;
      const full = segment.label === segment.title ? segment.label : `${segment.label} — ${segment.title}`;
      const item = h("li", { "data-testid": "segment-key-item" }, swatch,
        h("span", { class: "chart-key-number" }, String(segment.index + 1)),
        h("span", { class: "muted" }, formatClock(new Date(segment.start * 1000))),
        h("span", { class: "literal chart-key-label", "data-testid": "segment-key-label" }, full));
      item.title = full;
      return item;
    }));
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

  /** On the canvas, each segment's speaker in full where it fits, else its number (the key names it), never a clipped name. */
  private labelSegments(plot: uPlot): void {
    const { ctx, bbox } = plot;
    const ratio = window.devicePixelRatio || 1;
    const padding = 6 * ratio;
    ctx.save();
    ctx.font = `${Math.round(13 * ratio)}px system-ui, sans-serif`;
    ctx.fillStyle = "#eef2f5";
    ctx.textBaseline = "top";
    ctx.textAlign = "left";   // uPlot leaves the y axis's alignment (right) on the context
    for (const segment of this.segments) {
      const span = this.visibleSpan(plot, segment);
      if (!span) {
        continue;
      }
      const room = span[1] - span[0] - 2 * padding;
      const number = String(segment.index + 1);
      const named = `${number}  ${segment.label}`;
      const text = ctx.measureText(named).width <= room ? named : ctx.measureText(number).width <= room ? number : null;
      if (text) {
        ctx.fillText(text, span[0] + padding, bbox.top + padding);
      }
    }
    ctx.restore();
  }
}
