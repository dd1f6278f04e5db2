// The time view of the tariff page's law mode: the law's monthly effective
// US tariff rates on imports from Canada and Mexico (all goods, or one
// table sector), with the law's events (measure start dates) marked, and a
// month slider that sets the date the heatmaps below are drawn for.
// Why here and not a view of its own: the heatmaps of the law mode are the
// same law on one date, and the slider moves that date.
// API: /api/wedges with `series: true` (each month's own trade under the
// law in force on its 15th, `autopact wedges --series`), /api/law/events.

import { get, post, el, field, chartCard, vintage, sectorLabel, dec, PALETTE } from '../common.js';

/** Months `YYYY-MM` of the series, in order. */
export function monthsOf(rows) {
  return [...new Set(rows.map((r) => r.month))].sort();
}

/** The rate (share) of `exporter` × `sector` in each month, null where none. */
export function lineOf(rows, months, exporter, sector) {
  return months.map((m) => {
    const r = rows.find((q) => q.month === m && q.exporter === exporter && q.sector === sector);
    return r ? dec(r.rate) : null;
  });
}

/**
 * The law events that can touch imports from `origins` (ISO-2) inside the
 * months shown: measures whose origin list is empty or names one of them,
 * and that do not exclude them all; unconfirmed measures are left out, as
 * the series leaves them out.
 */
export function eventsIn(events, origins, months) {
  if (!months.length) return [];
  const first = `${months[0]}-01`;
  const last = `${months[months.length - 1]}-31`;
  return events.filter((e) => e.date >= first && e.date <= last && e.confidence !== 'UNCONFIRMED' &&
    (e.origin.length === 0 || e.origin.some((o) => origins.includes(o))) &&
    !origins.every((o) => e.origin_not.includes(o)));
}

const ISO2 = { CAN: 'CA', MEX: 'MX' };

/**
 * Draws the time card into `holder`. `lawDate` is the heatmaps' date,
 * `sector` the line's sector (`all` = every line), `go(state)` writes the
 * page's state (a new date or sector).
 */
export async function drawTimeline(holder, { lawDate, sector, go, current }) {
  holder.replaceChildren(el('p', { class: 'notice', id: 'timeline-loading' },
    'Computing the monthly rates (each month\'s trade under the law of its 15th) …'));
  let v;
  let ev;
  try {
    [v, ev] = await Promise.all([post('/api/wedges', { series: true }), get('/api/law/events')]);
  } catch (e) {
    if (current()) holder.replaceChildren(el('p', { class: 'error' }, `The monthly rates failed: ${e.message}`));
    return;
  }
  if (!current()) return;
  const months = monthsOf(v.rows);
  const exporters = [...new Set(v.rows.map((r) => r.exporter))];
  const sectors = [...new Set(v.rows.map((r) => r.sector))].filter((s) => s !== 'all');
  const shown = sector === 'all' || sectors.includes(sector) ? sector : 'all';
  const events = eventsIn(ev.events, exporters.map((x) => ISO2[x] || x), months);
  const eventMonths = [...new Set(events.map((e) => e.date.slice(0, 7)))];
  const series = exporters.map((x, k) => ({
    name: `${x} ${shown === 'all' ? 'all goods' : sectorLabel(shown)}`,
    type: 'line',
    connectNulls: false,
    data: lineOf(v.rows, months, x, shown).map((r) => (r === null ? null : r * 100)),
    itemStyle: { color: PALETTE[k] },
    markLine: k === 0 ? {
      symbol: 'none', silent: true,
      lineStyle: { type: 'dotted', color: '#7f7f7f' },
      label: { formatter: (p) => p.name, fontSize: 9, position: 'insideEndTop' },
      data: eventMonths.map((m) => ({ xAxis: m, name: `${events.filter((e) => e.date.startsWith(m)).length} measure(s)` })),
    } : undefined,
  }));
  const lawMonth = lawDate.slice(0, 7);
  const csvRows = v.rows.filter((r) => r.sector === shown);
  const card = chartCard({
    id: 'chart-tariff-timeline',
    title: `Effective US tariff rate by month: ${shown === 'all' ? 'all goods' : sectorLabel(shown)}`,
    units: 'Duty ÷ customs value, % (percent); each month\'s own imports from Canada and Mexico, line by line, under the law in force on its 15th; dotted lines: months in which measures start (listed below)',
    vintage: `Law data as of ${ev.law_data_as_of} · ${vintage(v.meta)}`,
    wide: true,
    csv: { name: `effective-rates-by-month-${shown}.csv`, columns: v.columns, rows: csvRows },
    option: {
      tooltip: { trigger: 'axis', valueFormatter: (x) => (x === null || x === undefined ? 'no data' : `${x.toFixed(2)}%`) },
      legend: { top: 0 },
      grid: { left: 10, right: 20, top: 50, bottom: 10, containLabel: true },
      xAxis: { type: 'category', data: months, axisLabel: { rotate: window.innerWidth < 600 ? 90 : 0 } },
      yAxis: { type: 'value', name: '%', min: 0 },
      series,
    },
  });
  const sectorSel = el('select', { name: 'ts' },
    el('option', { value: 'all', selected: shown === 'all' }, 'all goods'),
    sectors.map((s) => el('option', { value: s, selected: s === shown }, sectorLabel(s))));
  sectorSel.addEventListener('change', () => go({ ts: sectorSel.value }));
  const at = Math.max(0, months.indexOf(lawMonth));
  const slider = el('input', { type: 'range', name: 'month', min: 0, max: months.length - 1, step: 1, value: at });
  const sliderOut = el('output', { id: 'timeline-month' }, months[at] || '');
  slider.addEventListener('input', () => { sliderOut.textContent = months[slider.value]; });
  slider.addEventListener('change', () => go({ date: `${months[slider.value]}-15` }));
  const list = el('details', { class: 'events', id: 'timeline-events' },
    el('summary', {}, `Law events in these months (${events.length} measures starting; law data as of ${ev.law_data_as_of})`),
    el('ul', {}, events.map((e) => el('li', {}, `${e.date}: ${e.name}${e.heading ? ` (${e.heading})` : ''} — `, el('i', {}, e.citation),
      e.confidence === 'SECONDARY' ? ' [secondary source]' : ''))));
  holder.replaceChildren(
    el('div', { class: 'grid' }, card.card),
    el('form', { class: 'controls', id: 'timeline-controls' },
      field('Sector of the line', sectorSel),
      field('Month of the heatmaps below', el('span', { class: 'slider' }, slider, ' ', sliderOut)),
      el('p', { class: 'hint' }, `The heatmaps below show the law in force on ${lawDate}${months.includes(lawMonth) ? '' : ' (outside the months of the series)'}; move the slider to another month to redraw them on its 15th.`)),
    list);
  card.draw();
  return { months, events, rows: v.rows };
}
