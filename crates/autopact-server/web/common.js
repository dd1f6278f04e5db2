// Shared by the views: the JSON API, the state in the URL, chart cards with
// their units, data vintage and CSV download.

/* global echarts */

/** An error the API answered (autopact.error/v1), or a network failure. */
export class ApiFailure extends Error {
  constructor(path, body, status) {
    const where = body && body.field ? ` (the box “${body.field}”)` : '';
    super(`${body && body.message ? body.message : 'The server answered HTTP ' + status}${where}`);
    this.path = path;
    this.status = status;
    this.body = body;
  }
}

async function answer(path, res) {
  const text = await res.text();
  let body = null;
  try { body = JSON.parse(text); } catch (_) { body = { message: text.slice(0, 300) }; }
  if (!res.ok) throw new ApiFailure(path, body, res.status);
  return body;
}

// Every request of the view on screen shares one AbortController: the
// Cancel button (app.js) aborts them all; a new view gets a new one.
let requests = new AbortController();

/** A new scope for the requests of a view being drawn; returns its controller. */
export function newRequests() {
  requests = new AbortController();
  return requests;
}

/** POST a JSON body to an API endpoint; resolves to the parsed answer. */
export async function post(path, body) {
  const res = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: requests.signal,
  });
  return answer(path, res);
}

/** GET an API endpoint. */
export async function get(path) {
  return answer(path, await fetch(path, { signal: requests.signal }));
}

// ---- state in the URL: #/view?key=value&… ---------------------------------

/** The view and its parameters from the URL's fragment. */
export function readState() {
  const h = location.hash.replace(/^#\/?/, '');
  const [view, query] = h.split('?');
  return { view: view || 'woven', params: new URLSearchParams(query || '') };
}

/** Puts a view's parameters in the URL (a new history entry; the page re-renders). */
export function writeState(view, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '' && v !== false) q.set(k, v === true ? '1' : String(v));
  }
  const next = `#/${view}${q.toString() ? '?' + q.toString() : ''}`;
  if (location.hash === next) window.dispatchEvent(new HashChangeEvent('hashchange'));
  else location.hash = next;
}

// ---- DOM helpers ----------------------------------------------------------

/** Creates an element: el('p', {class: 'x'}, 'text', child…). */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

/** A labelled form field. */
export function field(label, input) {
  return el('label', {}, label, input);
}

/** An error box. */
export function errorBox(err) {
  return el('p', { class: 'error', role: 'alert' }, String(err && err.message ? err.message : err));
}

// ---- numbers --------------------------------------------------------------

const nf = (d) => new Intl.NumberFormat('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
export const fmt = {
  int: (x) => nf(0).format(x),
  n1: (x) => nf(1).format(x),
  n2: (x) => nf(2).format(x),
  pct: (x, d = 2) => nf(d).format(x * 100) + '%',
  usd: (x) => 'USD ' + nf(2).format(x),
};

/** A decimal string from the law engine as a number, for drawing only. */
export function dec(s) {
  if (s === null || s === undefined || s === '') return null;
  const x = Number(s);
  if (!Number.isFinite(x)) throw new Error(`not a number: ${s}`);
  return x;
}

// ---- CSV -----------------------------------------------------------------

function csvCell(v) {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'number' ? String(v) : String(v);
  return /[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

/** RFC 4180 CSV of `rows` (objects) under `columns` ({name, unit?}); units in the header. */
export function toCsv(columns, rows) {
  const head = columns.map((c) => csvCell(c.unit ? `${c.name} [${c.unit}]` : c.name)).join(',');
  const body = rows.map((r) => columns.map((c) => csvCell(r[c.name])).join(','));
  return [head, ...body].join('\r\n') + '\r\n';
}

// ---- chart cards ----------------------------------------------------------

const charts = new Set();
window.addEventListener('resize', () => charts.forEach((c) => c.resize()));

/** Disposes every chart (before a view is redrawn). */
export function disposeCharts() {
  charts.forEach((c) => c.dispose());
  charts.clear();
}

/**
 * A card with a title, a units-and-vintage line, a chart and its CSV link.
 * `spec`: {id, title, units, vintage, option, csv: {name, columns, rows}, size, wide, note}
 * Returns the card element; the chart is drawn once the card is in the page
 * (call `draw()` on the returned object after appending).
 */
export function chartCard(spec) {
  const box = el('div', { class: `chart ${spec.size || ''}`, id: spec.id, role: 'img', 'aria-label': spec.title });
  const csvText = toCsv(spec.csv.columns, spec.csv.rows);
  const href = URL.createObjectURL(new Blob([csvText], { type: 'text/csv;charset=utf-8' }));
  const card = el('section', { class: `card${spec.wide ? ' wide' : ''}` },
    el('h2', {}, spec.title),
    el('p', { class: 'units' }, spec.units),
    box,
    spec.note ? el('p', { class: 'units' }, spec.note) : null,
    el('div', { class: 'foot' },
      el('span', {}, spec.vintage),
      el('span', { class: 'downloads' },
        el('a', { class: 'csv', href, download: spec.csv.name, 'data-chart': spec.id }, 'CSV'),
        el('button', { type: 'button', class: 'png', 'data-chart': spec.id }, 'PNG'),
        el('button', { type: 'button', class: 'svg', 'data-chart': spec.id }, 'SVG'))));
  const base = spec.csv.name.replace(/\.csv$/, '');
  let drawn = null;
  card.querySelector('button.png').addEventListener('click', () => {
    if (drawn) save(`${base}.png`, drawn.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' }));
  });
  card.querySelector('button.svg').addEventListener('click', () => {
    const url = URL.createObjectURL(new Blob([svgOf(spec.option, box)], { type: 'image/svg+xml' }));
    save(`${base}.svg`, url);
  });
  return {
    card,
    draw() {
      const chart = echarts.init(box, null, { renderer: 'canvas' });
      chart.setOption({ animation: false, ...spec.option });
      charts.add(chart);
      drawn = chart;
      return chart;
    },
  };
}

/** The chart as an SVG document (drawn again by ECharts' SVG renderer, off screen). */
export function svgOf(option, box) {
  const c = echarts.init(null, null, { renderer: 'svg', ssr: true, width: box.clientWidth || 800, height: box.clientHeight || 400 });
  c.setOption({ animation: false, backgroundColor: '#fff', ...option });
  const svg = c.renderToSVGString();
  c.dispose();
  return svg;
}

function save(name, href) {
  const a = el('a', { href, download: name });
  document.body.append(a);
  a.click();
  a.remove();
}

/** "Data: TABLE (YEAR), USD million, table sha256 …" from an autopact.table/v1 meta. */
export function vintage(meta, extra) {
  const parts = [];
  if (meta.table) parts.push(`Data: ${meta.table}`);
  if (meta.price_basis) parts.push(meta.price_basis);
  if (meta.law_as_of) parts.push(`law as of ${meta.law_as_of}`);
  if (meta.table_sha256) parts.push(`table sha256 ${meta.table_sha256.slice(0, 12)}…`);
  if (meta.tool) parts.push(meta.tool);
  if (extra) parts.push(extra);
  return parts.join(' · ');
}

// ---- labels of the built-in table (WIOD 2013 release, 35 industries) -------

export const WIOD_SECTORS = {
  c1: 'Agriculture', c2: 'Mining', c3: 'Food', c4: 'Textiles', c5: 'Leather', c6: 'Wood',
  c7: 'Paper, printing', c8: 'Coke, refined petroleum', c9: 'Chemicals', c10: 'Rubber, plastics',
  c11: 'Other non-metallic minerals', c12: 'Basic and fabricated metals', c13: 'Machinery n.e.c.',
  c14: 'Electrical, optical equipment', c15: 'Transport equipment', c16: 'Manufacturing n.e.c.',
  c17: 'Electricity, gas, water', c18: 'Construction', c19: 'Motor vehicle trade', c20: 'Wholesale trade',
  c21: 'Retail trade', c22: 'Hotels, restaurants', c23: 'Inland transport', c24: 'Water transport',
  c25: 'Air transport', c26: 'Transport services', c27: 'Post, telecom', c28: 'Finance',
  c29: 'Real estate', c30: 'Renting, business services', c31: 'Public administration', c32: 'Education',
  c33: 'Health', c34: 'Other services', c35: 'Households as employers',
};

/** "c15 Transport equipment" (or just the code on other tables). */
export function sectorLabel(code) {
  return WIOD_SECTORS[code] ? `${code} ${WIOD_SECTORS[code]}` : code;
}

// Ten colours a reader can tell apart (no two oranges: CHN and EUR were
// near-identical in the Sankey).
export const PALETTE = ['#1f4e79', '#c0504d', '#2e8b57', '#e69f00', '#6a51a3', '#56b4e9', '#8c564b', '#cc79a7', '#7f7f7f', '#17becf'];
