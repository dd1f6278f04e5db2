// "What does a tariff do?": a shipped scenario, tariffs typed as wedges, or
// the effective rates the law implies on a date → cost increases by
// region × sector (heatmap), consumer prices and jobs by region (bars).
// API: /api/dashboard/scenarios + /api/scenario/run, or /api/price (twice)
// and /api/jobs with `tariff`; /api/wedges for the law's effective rates,
// and (law mode) /api/wedges with `series` and `collected` for the monthly
// rates held against the duties collected. In law mode the economy can also
// be a BEA national table (/api/price with `table`): a card of the price
// changes of US-built vehicles and parts and the PCE level.

import { get, post, writeState, el, field, chartCard, vintage, fmt, sectorLabel, dec, PALETTE } from '../common.js';
import { drawTimeline } from './timeline.js';

const DEFAULT_TARIFFS = 'USA:CAN:c15:0.25\nUSA:MEX:c15:0.25';
const DEFAULT_LAW_DATE = '2025-10-01';
const BEA_TABLES = ['us-bea-2017', 'us-bea-2024'];

/** The tariffs typed in the URL (`t`, one per line or separated by ";"). */
function tariffList(text) {
  return text.split(/[;\n]/).map((s) => s.trim()).filter(Boolean);
}

/** Tariff wedges from the law's effective rates (`/api/wedges --by sector`). */
export function wedgesToTariffs(rows) {
  return rows.filter((r) => dec(r.rate) > 0).map((r) => `${r.importer}:${r.exporter}:${r.sector}:${r.rate}`);
}

async function runScenario(id) {
  const list = await get('/api/dashboard/scenarios');
  const found = list.scenarios.find((s) => s.id === id);
  if (!found) throw new Error(`no shipped scenario ${id}; the server ships ${list.scenarios.map((s) => s.id).join(', ')}`);
  const v = await post('/api/scenario/run', { scenario: found.text });
  const t = v.tables;
  return {
    title: v.resolved.name,
    sectors: t['scenario-sectors'],
    regions: t['scenario-regions'],
    jobs: t['scenario-regions'],
    tariffs: v.resolved.tariffs.map((x) => `${x.importer}:${x.exporter}:${x.sectors.join(',')}:${x.rate}`),
  };
}

async function runTariffs(tariffs, title) {
  const [sectors, regions, jobs] = await Promise.all([
    post('/api/price', { tariff: tariffs, by: 'region-sector' }),
    post('/api/price', { tariff: tariffs, by: 'region' }),
    post('/api/jobs', { tariff: tariffs }),
  ]);
  return { title, sectors, regions, jobs, tariffs };
}

/**
 * Axes of a sector × region heatmap: sectors across on a laptop, sectors
 * down on a phone (35 rotated labels do not fit 390 px). Cells are
 * [x index, y index, value]; `at(cell)` gives back [sector index, other index].
 */
function heatLayout(sectors, others) {
  const narrow = window.innerWidth < 600;
  const sectorAxis = narrow
    ? { type: 'category', data: sectors, inverse: true, axisLabel: { fontSize: 9, formatter: (c) => sectorLabel(c), width: 130, overflow: 'break' } }
    : { type: 'category', data: sectors, axisLabel: { rotate: 90, fontSize: 10, formatter: (c) => sectorLabel(c) } };
  const otherAxis = narrow
    ? { type: 'category', data: others, position: 'top', axisLabel: { fontSize: 9, interval: 0, rotate: 90 } }
    : { type: 'category', data: others };
  return narrow
    ? { xAxis: otherAxis, yAxis: sectorAxis, grid: { left: 4, right: 8, top: 80, bottom: 8, containLabel: true },
      cell: (si, oi, v) => [oi, si, v], at: (d) => [d[1], d[0]] }
    : { xAxis: sectorAxis, yAxis: otherAxis, grid: { left: 10, right: 16, top: 44, bottom: 10, containLabel: true },
      cell: (si, oi, v) => [si, oi, v], at: (d) => [d[0], d[1]] };
}

export async function render(main, params, current) {
  const mode = ['scenario', 'wedges', 'law'].includes(params.get('mode')) ? params.get('mode') : 'scenario';
  const scenarioId = params.get('scenario') || 'us-2025-hand-typed';
  const typed = params.get('t') || DEFAULT_TARIFFS;
  const lawDate = params.get('date') || DEFAULT_LAW_DATE;
  const econ = BEA_TABLES.includes(params.get('econ')) ? params.get('econ') : '';

  main.append(el('h1', {}, 'What does a tariff do?'),
    el('p', { class: 'lead' },
      'A tariff raises the cost of what is imported, and through input-output links the cost of everything made with it. ' +
      'Pick a shipped scenario, type tariff wedges (IMPORTER:EXPORTER:SECTORS:RATE), or take the effective rates the law implies on a date.'));

  const list = await get('/api/dashboard/scenarios');
  if (!current()) return;
  const modeSel = el('select', { name: 'mode' },
    el('option', { value: 'scenario', selected: mode === 'scenario' }, 'a shipped scenario'),
    el('option', { value: 'wedges', selected: mode === 'wedges' }, 'tariff wedges I type'),
    el('option', { value: 'law', selected: mode === 'law' }, 'the law on a date (effective rates)'));
  const scenSel = el('select', { name: 'scenario' },
    list.scenarios.map((s) => el('option', { value: s.id, selected: s.id === scenarioId }, s.id)));
  // Required boxes: a cleared box is refused by the form, never silently
  // replaced by the default.
  const wedgeBox = el('textarea', { name: 't', rows: 3, required: true }, tariffList(typed).join('\n'));
  const dateIn = el('input', { name: 'date', type: 'date', value: lawDate, required: true });
  const econSel = el('select', { name: 'econ' },
    el('option', { value: '', selected: econ === '' }, 'the server\'s table only'),
    BEA_TABLES.map((t) => el('option', { value: t, selected: econ === t }, `also BEA ${t}`)));
  const form = el('form', { class: 'controls' },
    field('Tariffs from', modeSel),
    mode === 'scenario' ? field('Scenario', scenSel) : null,
    mode === 'wedges' ? field('Tariffs (one per line)', wedgeBox) : null,
    mode === 'law' ? field('Law in force on', dateIn) : null,
    mode === 'law' ? field('Economy', econSel) : null,
    el('button', { type: 'submit' }, 'Run'),
    el('p', { class: 'hint' }, mode === 'wedges'
      ? 'Example: USA:CAN:c15:25% (or the fraction 0.25) is a 25% US tariff on Canadian transport equipment; USA:MEX:*:10% taxes every Mexican sector. A bare number above 1 is refused: write the % sign.'
      : mode === 'law' ? 'The law engine\'s duty stack, line by line, on a month of US imports from Canada and Mexico (customs value and USMCA claims per HTS line, USITC DataWeb). ' +
        'Other exporters\' rates are estimates: their 2024 imports by GTAP sector spread over Canada\'s and Mexico\'s lines (proxy weights), marked ▲ in the rates chart.'
        : 'Scenario files live in scenarios/ of the repository; the server runs them on its own table.'));
  const submit = () => writeState('tariff', {
    mode: modeSel.value,
    scenario: modeSel.value === 'scenario' ? scenSel.value : null,
    t: modeSel.value === 'wedges' ? tariffList(wedgeBox.value).join(';') : null,
    date: modeSel.value === 'law' ? dateIn.value : null,
    econ: modeSel.value === 'law' && econSel.value ? econSel.value : null,
  });
  form.addEventListener('submit', (e) => { e.preventDefault(); submit(); });
  modeSel.addEventListener('change', submit);
  scenSel.addEventListener('change', submit);
  econSel.addEventListener('change', submit);
  main.append(form);

  let run;
  let wedges = null;
  const shipped = list.scenarios.find((s) => s.id === scenarioId);
  const lawDates = shipped ? [...shipped.text.matchAll(/from_law\s*=\s*\{[^}]*date\s*=\s*"([0-9-]+)"/g)].map((m) => m[1]) : [];
  if (mode === 'scenario' && lawDates.length) {
    // The server derives a from_law scenario's rates with its own law and the
    // shipped trade months, as `autopact scenario run` does.
    const date = lawDates[0];
    main.append(el('p', { class: 'notice', id: 'tariff-from-law' },
      `${scenarioId} derives its rates from the law in force on ${date} (from_law); `,
      el('a', { href: `#/tariff?mode=law&date=${date}` }, `see the law's effective rates on ${date}`),
      '.'));
  }
  if (mode === 'scenario') {
    run = await runScenario(scenarioId);
  } else if (mode === 'wedges') {
    run = await runTariffs(tariffList(typed), 'tariffs as typed');
  } else {
    // The price and jobs endpoints derive the wedges from the law themselves
    // (as `autopact price --law DATE`); /api/wedges shows them.
    let sectors; let regions; let jobs;
    [wedges, sectors, regions, jobs] = await Promise.all([
      post('/api/wedges', { date: lawDate, by: 'sector' }),
      post('/api/price', { law: lawDate, by: 'region-sector' }),
      post('/api/price', { law: lawDate, by: 'region' }),
      post('/api/jobs', { law: lawDate }),
    ]);
    run = { title: `the law in force on ${lawDate}`, sectors, regions, jobs, tariffs: wedgesToTariffs(wedges.rows) };
  }
  if (!current()) return;
  run.slug = mode === 'scenario' ? scenarioId : mode === 'law' ? `law-${lawDate}` : 'typed-wedges';
  drawResults(main, run, wedges);
  if (mode === 'law' && econ) await drawBea(main, current, econ, lawDate);
  if (mode === 'law') {
    // The monthly rates above the heatmaps: the slider moves their date.
    const holder = el('div', { id: 'timeline-holder' });
    main.insertBefore(holder, form.nextSibling);
    await drawTimeline(holder, {
      lawDate,
      sector: params.get('ts') || 'all',
      current,
      go: (change) => writeState('tariff', { mode: 'law', date: lawDate, ts: params.get('ts'), econ: econ || null, ...change }),
    });
    if (!current()) return;
    await drawCollected(main, current);
  }
}

/**
 * The law on a BEA national table (`autopact price --table T --law D`):
 * the price change of motor vehicles and parts, direct and supply-chain
 * parts stacked, at pure cost push (s = 1, constant dollar), and the PCE
 * level in the note.
 */
async function drawBea(main, current, table, date) {
  const holder = el('div', { id: 'bea-holder' }, el('p', { class: 'notice' }, `Running the national price model on ${table} …`));
  main.append(holder);
  let byC; let byP;
  try {
    [byC, byP] = await Promise.all([
      post('/api/price', { table, law: date, by: 'commodity' }),
      post('/api/price', { table, law: date, by: 'pce' }),
    ]);
  } catch (e) {
    holder.replaceChildren(el('p', { class: 'error' }, `The ${table} price run failed: ${e.message}`));
    return;
  }
  if (!current()) return;
  const rows = byC.rows.filter((r) => /^(3361|3363)/.test(r.commodity));
  const all = byP.rows[byP.rows.length - 1];
  const caveat = byC.meta.caveat_1 ? ` · ${byC.meta.caveat_1}` : '';
  const card = chartCard({
    id: 'chart-tariff-bea',
    title: `US-built vehicles and parts under the law on ${date} (${table})`,
    units: `Price change against the law on ${byC.meta.baseline || '2025-01-01'}, % (percent); s = ${byC.meta.s}, markup ${byC.meta.markup}`,
    vintage: `${byC.meta.table} · ${byC.meta.citation}${caveat}`,
    wide: true,
    note: `PCE price level ${all.price_change_pct.toFixed(2)}% (direct ${all.direct_pct.toFixed(2)}, supply chain ${all.supply_chain_pct.toFixed(2)})`,
    csv: { name: `${table}-price.csv`, columns: byC.columns, rows: byC.rows },
    option: {
      tooltip: { trigger: 'axis', valueFormatter: (x) => `${x.toFixed(2)}%` },
      legend: { top: 0 },
      grid: { left: 50, right: 16, top: 40, bottom: 110 },
      xAxis: { type: 'category', data: rows.map((r) => `${r.commodity} ${r.description}`.slice(0, 28)), axisLabel: { rotate: 60, fontSize: 9 } },
      yAxis: { type: 'value', name: '%' },
      series: [
        { name: 'direct', type: 'bar', stack: 'p', data: rows.map((r) => r.direct_pct), itemStyle: { color: PALETTE[0] } },
        { name: 'supply chain', type: 'bar', stack: 'p', data: rows.map((r) => r.supply_chain_pct), itemStyle: { color: PALETTE[1] } },
      ],
    },
  });
  holder.replaceChildren(el('div', { class: 'grid' }, card.card));
  card.draw();
}

/**
 * The law's monthly effective rates on all goods from Canada and Mexico
 * against the duties collected: the published Census-based rates shipped
 * with autopact, or the user's own Census download (a CSV
 * month,exporter,imports_usd,calculated_duty_usd read in the browser and
 * sent as the request's `collected` text). Drawn below the other results
 * (the series takes seconds).
 */
async function drawCollected(main, current, text, fileName) {
  const holder = main.querySelector('#collected-holder') || el('div', { id: 'collected-holder' });
  if (!holder.parentNode) main.append(holder);
  holder.replaceChildren(el('p', { class: 'notice', id: 'collected-loading' },
    'Computing the monthly series (14 months of trade under the law of each month) …'));
  let v;
  try {
    v = await post('/api/wedges', { series: true, collected: text || 'published' });
  } catch (e) {
    if (current()) holder.replaceChildren(el('p', { class: 'error' }, `The series against the collected duties failed: ${e.message}`));
    return;
  }
  if (!current()) return;
  const months = [...new Set(v.rows.map((r) => r.month))].sort();
  const exporters = [...new Set(v.rows.map((r) => r.exporter))];
  const point = (x, m, col) => {
    const r = v.rows.find((q) => q.month === m && q.exporter === x);
    return r ? dec(r[col]) : null;
  };
  const series = [];
  exporters.forEach((x, k) => {
    series.push({ name: `${x} law (model)`, type: 'line', connectNulls: true, data: months.map((m) => point(x, m, 'model_rate')), itemStyle: { color: PALETTE[k] } });
    series.push({ name: `${x} collected`, type: 'line', connectNulls: false, lineStyle: { type: 'dashed' }, symbolSize: 8, data: months.map((m) => point(x, m, 'collected_rate')), itemStyle: { color: PALETTE[k] } });
  });
  const means = Object.entries(v.meta).filter(([k]) => k.startsWith('mean_')).map(([, s]) => s);
  const source = text ? `your file ${fileName}` : 'published rates (bank and agency notes quoting Census; sources in the CSV metadata)';
  const card = chartCard({
    id: 'chart-rates-vs-collected',
    title: 'Effective US tariff rate: the law vs the duties collected',
    units: 'Duty ÷ customs value on all goods, % (percent); the law on each month\'s own imports on its 15th, with USMCA claims corrected; collected: ' + source,
    vintage: `Law data as of ${v.meta.law_data_as_of || '?'} · ${vintage(v.meta)}`,
    wide: true,
    note: means.join(' · '),
    csv: { name: `tariff-law-rates-vs-collected${text ? '-your-file' : '-published'}.csv`, columns: v.columns, rows: v.rows },
    option: {
      tooltip: { trigger: 'axis', valueFormatter: (x) => (x === null || x === undefined ? 'no data' : `${x.toFixed(2)}%`) },
      legend: { top: 0 },
      grid: { left: 50, right: 16, top: 50, bottom: 40 },
      xAxis: { type: 'category', data: months, axisLabel: { rotate: window.innerWidth < 600 ? 90 : 0 } },
      yAxis: { type: 'value', name: '%', min: 0 },
      series,
    },
  });
  const upload = el('input', { type: 'file', accept: '.csv,text/csv', id: 'collected-file' });
  upload.addEventListener('change', async () => {
    const f = upload.files[0];
    if (f) await drawCollected(main, current, await f.text(), f.name);
  });
  holder.replaceChildren(
    el('div', { class: 'grid' }, card.card),
    el('form', { class: 'controls' },
      field('Your Census download (CSV month,exporter,imports_usd,calculated_duty_usd)', upload),
      el('p', { class: 'hint' }, 'USA Trade Online or the Census international trade API: calculated duty and imports for consumption by country and month, in dollars. The file stays in your browser until it is sent to this server for the comparison.')));
  card.draw();
}

function drawResults(main, run, wedges) {
  const meta = run.sectors.meta;
  const regions = [...new Set(run.sectors.rows.map((r) => r.region))];
  const sectors = [...new Set(run.sectors.rows.map((r) => r.sector))];
  const lay = heatLayout(sectors, regions);
  const byCell = run.sectors.rows.map((r) => lay.cell(sectors.indexOf(r.sector), regions.indexOf(r.region), r.price_change));
  const max = Math.max(1e-12, ...run.sectors.rows.map((r) => Math.abs(r.price_change)));
  const priceUnit = run.sectors.columns.find((c) => c.name === 'price_change')?.unit || 'share';
  const head = el('p', { class: 'notice' },
    `${run.title}: ${run.tariffs.length} tariff wedge(s). `, el('code', {}, run.tariffs.slice(0, 6).join('  ')),
    run.tariffs.length > 6 ? ` … and ${run.tariffs.length - 6} more.` : '');

  const heat = chartCard({
    id: 'chart-tariff-heatmap',
    title: 'Cost increase by region × sector',
    units: `Change in the unit cost of each region's sector, % of the base price (${priceUnit}); ${meta.model || ''}`,
    vintage: vintage(meta, meta.solution),
    wide: true,
    size: 'tall',
    csv: {
      name: `tariff-${run.slug}-cost-by-region-sector.csv`,
      columns: [{ name: 'region' }, { name: 'sector' }, { name: 'price_change', unit: priceUnit }],
      rows: run.sectors.rows.map((r) => ({ region: r.region, sector: r.sector, price_change: r.price_change })),
    },
    option: {
      tooltip: {
        formatter: (p) => { const [si, ri] = lay.at(p.data); return `${regions[ri]} · ${sectorLabel(sectors[si])}<br>cost +${fmt.pct(p.data[2], 3)}`; },
      },
      grid: lay.grid, xAxis: lay.xAxis, yAxis: lay.yAxis,
      visualMap: {
        min: 0, max, calculable: true, orient: 'horizontal', right: 10, top: 0, itemHeight: 160,
        inRange: { color: ['#f7fbff', '#6baed6', '#08306b'] }, formatter: (v) => fmt.pct(v, 2),
      },
      series: [{ name: 'price_change', type: 'heatmap', data: byCell, progressive: 0 }],
    },
  });

  const consUnit = run.regions.columns.find((c) => c.name === 'consumer_price_change')?.unit || 'share';
  const cons = chartCard({
    id: 'chart-tariff-consumer',
    title: 'Consumer prices',
    units: `Change in the price of the household basket (${meta.consumer_basket || 'households'}), % (${consUnit})`,
    vintage: vintage(run.regions.meta),
    csv: {
      name: `tariff-${run.slug}-consumer-prices.csv`,
      columns: [{ name: 'region' }, { name: 'consumer_price_change', unit: consUnit }],
      rows: run.regions.rows.map((r) => ({ region: r.region, consumer_price_change: r.consumer_price_change })),
    },
    option: {
      tooltip: { trigger: 'axis', valueFormatter: (v) => fmt.pct(v, 3) },
      grid: { left: 10, right: 16, top: 16, bottom: 10, containLabel: true },
      xAxis: { type: 'category', data: run.regions.rows.map((r) => r.region), axisLabel: { interval: 0, rotate: window.innerWidth < 600 ? 90 : 0 } },
      yAxis: { type: 'value', axisLabel: { formatter: (v) => fmt.pct(v, 2) } },
      series: [{ name: 'consumer_price_change', type: 'bar', data: run.regions.rows.map((r) => r.consumer_price_change), itemStyle: { color: PALETTE[1] } }],
    },
  });

  const jobUnit = run.jobs.columns.find((c) => c.name === 'jobs_change')?.unit || 'thousand persons';
  const jobs = chartCard({
    id: 'chart-tariff-jobs',
    title: 'Jobs',
    units: `Change in persons engaged, ${jobUnit}, when final demand responds to the price changes (elasticity ${run.jobs.meta.elasticity_of_final_demand || '1'}); jobs exposed = jobs embodied in the taxed flows at baseline`,
    vintage: vintage(run.jobs.meta),
    csv: {
      name: `tariff-${run.slug}-jobs.csv`,
      columns: [{ name: 'region' }, { name: 'jobs_exposed', unit: jobUnit }, { name: 'jobs_change', unit: jobUnit }],
      rows: run.jobs.rows.map((r) => ({ region: r.region, jobs_exposed: r.jobs_exposed, jobs_change: r.jobs_change })),
    },
    option: {
      tooltip: { trigger: 'axis', valueFormatter: (v) => `${fmt.n1(v)} thousand` },
      legend: { top: 0 },
      grid: { left: 10, right: 10, top: 60, bottom: 10, containLabel: true },
      xAxis: { type: 'category', data: run.jobs.rows.map((r) => r.region), axisLabel: { interval: 0, rotate: window.innerWidth < 600 ? 90 : 0 } },
      // Jobs changed and jobs exposed differ by orders of magnitude: each
      // has its own axis (left: changed, right: exposed).
      yAxis: [
        { type: 'value', name: 'changed', nameTextStyle: { align: 'left' } },
        { type: 'value', name: 'exposed', position: 'right', splitLine: { show: false }, nameTextStyle: { align: 'right' } },
      ],
      series: [
        { name: 'jobs_change', type: 'bar', data: run.jobs.rows.map((r) => r.jobs_change), itemStyle: { color: PALETTE[0] } },
        { name: 'jobs_exposed', type: 'bar', yAxisIndex: 1, data: run.jobs.rows.map((r) => r.jobs_exposed), itemStyle: { color: '#b8c7d9' } },
      ],
    },
  });

  const cards = [heat, cons, jobs];
  if (wedges) cards.push(wedgeCard(wedges));
  main.append(head, el('div', { class: 'grid' }, cards.map((c) => c.card)));
  cards.forEach((c) => c.draw());
}

/** The rows whose value rests (in part) on proxy weights, and the API's warnings. */
export function proxyCells(rows) {
  return rows.filter((r) => r.proxy || dec(r.proxy_share) > 0);
}

/** The API's warnings on the law's rates (`flag_*`, `proxy` in its metadata), in words. */
function wedgeWarnings(meta) {
  const items = Object.entries(meta)
    .filter(([k]) => k === 'proxy' || k.startsWith('flag_'))
    .map(([k, v]) => el('li', { 'data-flag': k }, el('b', {}, k === 'proxy' ? 'proxy weights' : k.slice(5)), ': ', String(v)));
  if (!items.length) return null;
  return el('details', { class: 'warnings', id: 'wedge-warnings', open: true },
    el('summary', {}, `What these rates leave out or estimate (${items.length} warnings from the API)`),
    el('ul', {}, items));
}

function wedgeCard(w) {
  const exporters = [...new Set(w.rows.map((r) => r.exporter))];
  const sectors = [...new Set(w.rows.map((r) => r.sector))];
  const lay = heatLayout(sectors, exporters);
  const data = w.rows.map((r) => lay.cell(sectors.indexOf(r.sector), exporters.indexOf(r.exporter), dec(r.rate)));
  const max = Math.max(1e-12, ...data.map((d) => d[2]));
  // Estimated cells: a ▲ over the cell (a second series, named in the legend).
  const proxy = proxyCells(w.rows).map((r) => {
    const c = lay.cell(sectors.indexOf(r.sector), exporters.indexOf(r.exporter), dec(r.proxy_share));
    return { value: c, row: r };
  });
  const card = chartCard({
    id: 'chart-tariff-wedges',
    title: `Effective US tariff rates from the law on ${w.meta.law_date || ''}`,
    units: 'Duty ÷ customs value per exporter × table sector, % (share). Canada and Mexico: line-level US imports of the month; ' +
      '▲ = estimated: the value rests on proxy weights (the exporter\'s 2024 GTAP-sector imports spread over Canada\'s and Mexico\'s lines)',
    vintage: `Law data as of ${w.meta.law_data_as_of || '?'} · weights: ${w.meta.weights || '?'} · ${vintage(w.meta)}`,
    wide: true,
    csv: { name: `effective-rates-law-${w.meta.law_date || 'date'}.csv`, columns: w.columns, rows: w.rows },
    option: {
      tooltip: {
        formatter: (p) => {
          const r = p.seriesIndex === 1 ? proxy[p.dataIndex].row : w.rows[p.dataIndex];
          const est = dec(r.proxy_share) > 0 ? `<br>▲ estimated: ${fmt.pct(dec(r.proxy_share), 0)} of the value rests on proxy weights` : '';
          return `${r.exporter} → ${r.importer} · ${sectorLabel(r.sector)}<br>rate ${fmt.pct(dec(r.rate), 2)}<br>duty USD ${fmt.int(dec(r.duty))} on ${fmt.int(dec(r.value))}${est}`;
        },
      },
      legend: { top: 0, left: 0, data: [{ name: 'estimated (proxy weights)', icon: 'triangle' }] },
      grid: lay.grid, xAxis: lay.xAxis, yAxis: lay.yAxis,
      visualMap: { min: 0, max, calculable: true, orient: 'horizontal', right: 10, top: 0, itemHeight: 160, seriesIndex: 0,
        inRange: { color: ['#fff5eb', '#fd8d3c', '#7f2704'] }, formatter: (v) => fmt.pct(v, 1) },
      series: [
        { name: 'rate', type: 'heatmap', data, progressive: 0 },
        { name: 'estimated (proxy weights)', type: 'scatter', symbol: 'triangle', symbolSize: 7,
          itemStyle: { color: '#1f1f1f', opacity: 0.75 }, data: proxy.map((x) => x.value), z: 3 },
      ],
    },
  });
  const warn = wedgeWarnings(w.meta);
  if (warn) card.card.insertBefore(warn, card.card.querySelector('.foot'));
  return card;
}
