/**
 * A hand-written SVG line chart for bench/scaling.svg: two log–log panels, analysis time against
 * draft length (one line per dataset size) and against dataset size (one line per draft).
 * Measured points are filled; a point that could not be measured in time is drawn hollow at its
 * estimate (from the per-word cost of a shorter draft), with a dashed line to it.
 */

export interface ChartPoint {
  readonly x: number;
  readonly y: number;
  /** An estimate, not a measurement. */
  readonly estimated?: boolean;
}

export interface ChartSeries {
  readonly label: string;
  readonly points: readonly ChartPoint[];
}

export interface ChartPanel {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly xTicks: readonly { value: number; label: string }[];
  readonly series: readonly ChartSeries[];
}

const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];
const PANEL_W = 440;
const PANEL_H = 320;
const MARGIN = { left: 70, right: 20, top: 40, bottom: 50 };

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function timeLabel(ms: number): string {
  if (ms < 1) return `${Math.round(ms * 1000)} µs`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${Math.round(ms / 1000)} s`;
}

function panelSvg(panel: ChartPanel, offsetX: number, yRange: [number, number]): string {
  const plotW = PANEL_W - MARGIN.left - MARGIN.right;
  const plotH = PANEL_H - MARGIN.top - MARGIN.bottom;
  const xs = panel.xTicks.map((tick) => tick.value);
  const [xMin, xMax] = [Math.min(...xs), Math.max(...xs)];
  const [yMin, yMax] = yRange;
  const sx = (x: number) => offsetX + MARGIN.left + ((Math.log10(x) - Math.log10(xMin)) / Math.max(1e-9, Math.log10(xMax) - Math.log10(xMin))) * plotW;
  const sy = (y: number) => MARGIN.top + plotH - ((Math.log10(y) - Math.log10(yMin)) / Math.max(1e-9, Math.log10(yMax) - Math.log10(yMin))) * plotH;
  const parts: string[] = [];
  parts.push(`<text x="${offsetX + PANEL_W / 2}" y="22" text-anchor="middle" font-size="14" font-weight="bold">${escapeXml(panel.title)}</text>`);
  parts.push(`<rect x="${offsetX + MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#999"/>`);
  for (let decade = Math.floor(Math.log10(yMin)); decade <= Math.ceil(Math.log10(yMax)); decade++) {
    const value = 10 ** decade;
    if (value < yMin || value > yMax) continue;
    const y = sy(value);
    parts.push(`<line x1="${offsetX + MARGIN.left}" x2="${offsetX + MARGIN.left + plotW}" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}" stroke="#e5e5e5"/>`);
    parts.push(`<text x="${offsetX + MARGIN.left - 6}" y="${(y + 4).toFixed(1)}" text-anchor="end" font-size="11">${timeLabel(value)}</text>`);
  }
  for (const tick of panel.xTicks) {
    const x = sx(tick.value);
    parts.push(`<line x1="${x.toFixed(1)}" x2="${x.toFixed(1)}" y1="${MARGIN.top}" y2="${MARGIN.top + plotH}" stroke="#e5e5e5"/>`);
    parts.push(`<text x="${x.toFixed(1)}" y="${MARGIN.top + plotH + 16}" text-anchor="middle" font-size="11">${escapeXml(tick.label)}</text>`);
  }
  parts.push(`<text x="${offsetX + MARGIN.left + plotW / 2}" y="${PANEL_H - 10}" text-anchor="middle" font-size="12">${escapeXml(panel.xLabel)}</text>`);
  parts.push(`<text transform="translate(${offsetX + 16} ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle" font-size="12">${escapeXml(panel.yLabel)}</text>`);
  panel.series.forEach((series, i) => {
    const colour = COLOURS[i % COLOURS.length];
    const points = [...series.points].filter((p) => p.y > 0 && Number.isFinite(p.y)).sort((a, b) => a.x - b.x);
    for (let k = 1; k < points.length; k++) {
      const [a, b] = [points[k - 1], points[k]];
      const dash = a.estimated || b.estimated ? ' stroke-dasharray="5 4"' : '';
      parts.push(`<line x1="${sx(a.x).toFixed(1)}" y1="${sy(a.y).toFixed(1)}" x2="${sx(b.x).toFixed(1)}" y2="${sy(b.y).toFixed(1)}" stroke="${colour}" stroke-width="2"${dash}/>`);
    }
    for (const p of points) {
      const fill = p.estimated ? 'white' : colour;
      parts.push(`<circle cx="${sx(p.x).toFixed(1)}" cy="${sy(p.y).toFixed(1)}" r="4" fill="${fill}" stroke="${colour}" stroke-width="2"><title>${escapeXml(`${series.label}: ${timeLabel(p.y)}${p.estimated ? ' (estimate)' : ''}`)}</title></circle>`);
    }
    const ly = MARGIN.top + 14 + i * 16;
    const lx = offsetX + MARGIN.left + 10;
    parts.push(`<line x1="${lx}" x2="${lx + 18}" y1="${ly - 4}" y2="${ly - 4}" stroke="${colour}" stroke-width="2"/>`);
    parts.push(`<text x="${lx + 24}" y="${ly}" font-size="11">${escapeXml(series.label)}</text>`);
  });
  return parts.join('\n');
}

export function scalingSvg(panels: readonly ChartPanel[], caption: string): string {
  const ys = panels.flatMap((panel) => panel.series.flatMap((series) => series.points.map((p) => p.y))).filter((y) => y > 0 && Number.isFinite(y));
  const yMin = 10 ** Math.floor(Math.log10(Math.min(...ys, 1)));
  const yMax = 10 ** Math.ceil(Math.log10(Math.max(...ys, 10)));
  const width = PANEL_W * panels.length;
  const height = PANEL_H + 30;
  const body = panels.map((panel, i) => panelSvg(panel, i * PANEL_W, [yMin, yMax])).join('\n');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    body,
    `<text x="${width / 2}" y="${height - 8}" text-anchor="middle" font-size="11" fill="#555">${escapeXml(caption)}</text>`,
    '</svg>',
    '',
  ].join('\n');
}
