// "Compare": any two of a law date, a shipped scenario or typed tariff
// wedges, side by side with their difference — the change in cost by
// region × sector (B − A), and consumer prices, tariff revenue, output and
// jobs by region for A, B and B − A.
// Why scenarios: every kind of side is written as a scenario file (shown on
// the page), so the comparison is the API's own scenario diff
// (`autopact scenario diff`), and the files can be run again from the CLI.
// Landed cost: the reference vehicles under A and B
// (/api/scenario/landed-cost: each side's wedges on the assembler's inputs;
// at the border the duty engine on a law side's date, else the side's own
// wedges), with B − A.
// API: /api/dashboard/scenarios, /api/scenario/diff, /api/scenario/run,
// /api/scenario/landed-cost.

import { get, post, writeState, el, field, chartCard, vintage, fmt, sectorLabel, PALETTE } from '../common.js';

const KINDS = [['law', 'the law on a date'], ['scenario', 'a shipped scenario'], ['wedges', 'tariff wedges I type']];
const DEFAULTS = { a: 'law:2025-04-15', b: 'law:2025-10-01' };

/** A side written `KIND:VALUE` in the address. */
export function parseSide(text) {
  const i = text.indexOf(':');
  const kind = i < 0 ? '' : text.slice(0, i);
  if (!KINDS.some(([k]) => k === kind)) throw new Error(`“${text}” is not a side: write law:YYYY-MM-DD, scenario:NAME or wedges:IMPORTER:EXPORTER:SECTORS:RATE;…`);
  return { kind, value: text.slice(i + 1) };
}

const tomlString = (s) => JSON.stringify(String(s));

/** The scenario file of a side (a shipped scenario is its own file). */
export function scenarioText(side, shipped) {
  const head = (name) => `schema_version = 1\nname = ${tomlString(name)}\n\n[table]\nsource = "default"\n\n` +
    '[employment]\nextension = "employment"\nstressor = "persons_engaged"\n';
  if (side.kind === 'scenario') {
    const s = shipped.find((x) => x.id === side.value);
    if (!s) throw new Error(`no shipped scenario “${side.value}”; the server ships ${shipped.map((x) => x.id).join(', ')}`);
    return s.text;
  }
  if (side.kind === 'law') {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(side.value)) throw new Error(`“${side.value}” is not a date: write YYYY-MM-DD`);
    return `${head(`the law in force on ${side.value}`)}\n[assumptions]\nlaw_as_of = ${tomlString(side.value)}\n\n` +
      `[[tariff]]\nimporter = "USA"\nexporter = "*"\nsectors = "*"\napplies_to = "both"\nfrom_law = { date = ${tomlString(side.value)} }\n`;
  }
  const specs = side.value.split(/[;\n]/).map((x) => x.trim()).filter(Boolean);
  if (!specs.length) throw new Error('type at least one tariff wedge, e.g. USA:CAN:c15:25%');
  const blocks = specs.map((spec) => {
    const p = spec.split(':');
    if (p.length !== 4) throw new Error(`“${spec}”: write IMPORTER:EXPORTER:SECTORS:RATE, e.g. USA:CAN:c15:25%`);
    const sectors = p[2] === '*' ? '"*"' : `[${p[2].split(',').map(tomlString).join(', ')}]`;
    return `[[tariff]]\nimporter = ${tomlString(p[0])}\nexporter = ${tomlString(p[1])}\nsectors = ${sectors}\nrate = ${tomlString(p[3])}\napplies_to = "both"\n`;
  });
  return `${head(`tariffs as typed: ${specs.join('; ')}`)}\n${blocks.join('\n')}`;
}

function sideForm(key, side, shipped) {
  const kind = el('select', { name: `${key}-kind` }, KINDS.map(([k, label]) => el('option', { value: k, selected: k === side.kind }, label)));
  const value = side.kind === 'scenario'
    ? el('select', { name: `${key}-value` }, shipped.map((s) => el('option', { value: s.id, selected: s.id === side.value }, s.id)))
    : side.kind === 'law'
      ? el('input', { type: 'date', name: `${key}-value`, value: side.value, required: true })
      : el('input', { type: 'text', name: `${key}-value`, value: side.value, required: true, size: 32, placeholder: 'USA:CAN:c15:25%;USA:MEX:c15:25%' });
  return { kind, value, box: el('fieldset', { class: 'side' }, el('legend', {}, key.toUpperCase()), field('Tariffs from', kind), field('Which', value)) };
}

export async function render(main, params, current) {
  const a = parseSide(params.get('a') || DEFAULTS.a);
  const b = parseSide(params.get('b') || DEFAULTS.b);
  main.append(el('h1', {}, 'Compare two sets of tariffs'),
    el('p', { class: 'lead' },
      'Put a law date, a shipped scenario or tariffs you type on each side: the page runs both on the same table and shows B − A, ' +
      'the change in costs by region and sector, and consumer prices, tariff revenue, output and jobs by region.'));
  const list = await get('/api/dashboard/scenarios');
  if (!current()) return;
  const fa = sideForm('a', a, list.scenarios);
  const fb = sideForm('b', b, list.scenarios);
  const state = () => ({ a: `${fa.kind.value}:${fa.value.value}`, b: `${fb.kind.value}:${fb.value.value}` });
  const form = el('form', { class: 'controls' }, fa.box, fb.box, el('button', { type: 'submit' }, 'Compare'),
    el('p', { class: 'hint' }, 'A law date takes every US measure in force that day on that month\'s imports (as the tariff view\'s law mode); typed wedges are IMPORTER:EXPORTER:SECTORS:RATE separated by ";", with rates as 25% or 0.25.'));
  const swapKind = (f, key) => f.kind.addEventListener('change', () => {
    const next = state();
    next[key] = `${f.kind.value}:${{ law: '2025-10-01', scenario: list.scenarios[0].id, wedges: 'USA:CAN:c15:25%' }[f.kind.value]}`;
    writeState('compare', next);
  });
  swapKind(fa, 'a');
  swapKind(fb, 'b');
  form.addEventListener('submit', (e) => { e.preventDefault(); writeState('compare', state()); });
  main.append(form);

  const ta = scenarioText(a, list.scenarios);
  const tb = scenarioText(b, list.scenarios);
  const lawDate = (side) => (side.kind === 'law' ? side.value : null);
  const [diff, ra, rb, landed] = await Promise.all([
    post('/api/scenario/diff', { a: ta, b: tb }),
    post('/api/scenario/run', { scenario: ta }),
    post('/api/scenario/run', { scenario: tb }),
    post('/api/scenario/landed-cost', { a: ta, b: tb, a_law: lawDate(a), b_law: lawDate(b) }),
  ]);
  if (!current()) return;
  draw(main, diff, ra, rb, [ta, tb], landed);
}

/** The landed-cost card: each vehicle's landed cost under A and B, and B − A. */
function landedCard(landed) {
  const vehicles = [...new Set(landed.rows.map((r) => r.vehicle))];
  const regimes = [...new Set(landed.rows.map((r) => r.regime))];
  const cost = (v, g) => Number(landed.rows.find((r) => r.vehicle === v && r.regime === g).landed_cost);
  const rows = vehicles.map((v) => ({ vehicle: v, a: cost(v, regimes[0]), b: cost(v, regimes[1]), b_minus_a: cost(v, regimes[1]) - cost(v, regimes[0]) }));
  const narrow = window.innerWidth < 600;
  return chartCard({
    id: 'chart-compare-landed',
    title: 'Landed cost of the reference vehicles',
    units: 'USD per vehicle on the US market: base price + input-cost effect + border duty (a law side: the duty engine on its date; otherwise the side\'s wedges); illustrative vehicles',
    vintage: vintage(landed.meta),
    wide: true,
    csv: {
      name: 'compare-landed-cost.csv',
      columns: [{ name: 'vehicle' }, { name: 'a', unit: 'USD' }, { name: 'b', unit: 'USD' }, { name: 'b_minus_a', unit: 'USD' }],
      rows,
    },
    option: {
      tooltip: { trigger: 'axis', valueFormatter: (v) => fmt.int(v) },
      legend: { top: 0 },
      grid: { left: 10, right: 16, top: 40, bottom: 10, containLabel: true },
      xAxis: { type: 'category', data: vehicles, axisLabel: { interval: 0, rotate: narrow ? 90 : 30 } },
      yAxis: [{ type: 'value', name: 'USD', axisLabel: { formatter: (v) => fmt.int(v) } },
        { type: 'value', name: 'B − A', axisLabel: { formatter: (v) => fmt.int(v) } }],
      series: [
        { name: 'A', type: 'bar', data: rows.map((r) => r.a), itemStyle: { color: '#b8c7d9' } },
        { name: 'B', type: 'bar', data: rows.map((r) => r.b), itemStyle: { color: PALETTE[0] } },
        { name: 'B − A', type: 'bar', yAxisIndex: 1, data: rows.map((r) => r.b_minus_a), itemStyle: { color: PALETTE[1] } },
      ],
    },
  });
}

function draw(main, diff, ra, rb, texts, landed) {
  const names = [ra.resolved.name, rb.resolved.name];
  const regions = [...new Set(diff.rows.map((r) => r.region))];
  const value = (region, ind, col) => {
    const r = diff.rows.find((q) => q.region === region && q.indicator === ind);
    return r ? r[col] : null;
  };
  const sa = ra.tables['scenario-sectors'];
  const sb = rb.tables['scenario-sectors'];
  const sectors = [...new Set(sa.rows.map((r) => r.sector))];
  const cells = sa.rows.map((r, i) => [sectors.indexOf(r.sector), regions.indexOf(r.region), sb.rows[i].price_change - r.price_change]);
  const max = Math.max(1e-12, ...cells.map((c) => Math.abs(c[2])));
  const narrow = window.innerWidth < 600;
  const sectorAxis = { type: 'category', data: sectors, axisLabel: { rotate: narrow ? 0 : 90, fontSize: narrow ? 9 : 10, formatter: (c) => sectorLabel(c) } };
  const regionAxis = { type: 'category', data: regions, axisLabel: { fontSize: 10, interval: 0, rotate: narrow ? 90 : 0 } };
  const heat = chartCard({
    id: 'chart-compare-heatmap',
    title: 'Change in cost by region × sector: B − A',
    units: 'Unit cost of each region\'s sector, percentage points of the base price (B\'s change minus A\'s); red: B raises costs more',
    vintage: vintage(sa.meta),
    wide: true,
    size: 'tall',
    csv: {
      name: 'compare-cost-by-region-sector.csv',
      columns: [{ name: 'region' }, { name: 'sector' }, { name: 'a', unit: 'share' }, { name: 'b', unit: 'share' }, { name: 'b_minus_a', unit: 'share' }],
      rows: sa.rows.map((r, i) => ({ region: r.region, sector: r.sector, a: r.price_change, b: sb.rows[i].price_change, b_minus_a: sb.rows[i].price_change - r.price_change })),
    },
    option: {
      tooltip: { formatter: (p) => `${regions[p.data[1]]} · ${sectorLabel(sectors[p.data[0]])}<br>B − A ${fmt.pct(p.data[2], 3)}` },
      grid: narrow ? { left: 8, right: 8, top: 60, bottom: 8, containLabel: true } : { left: 50, right: 16, top: 44, bottom: 10, containLabel: true },
      xAxis: narrow ? regionAxis : sectorAxis,
      yAxis: narrow ? { ...sectorAxis, inverse: true } : regionAxis,
      visualMap: { min: -max, max, calculable: true, orient: 'horizontal', right: 10, top: 0, itemHeight: 160,
        inRange: { color: ['#2166ac', '#f7f7f7', '#b2182b'] }, formatter: (v) => fmt.pct(v, 2) },
      series: [{ name: 'b_minus_a', type: 'heatmap', progressive: 0,
        data: narrow ? cells.map(([s, r, v]) => [r, s, v]) : cells }],
    },
  });
  const bars = (id, ind, title, units, show) => chartCard({
    id,
    title,
    units,
    vintage: vintage(diff.meta),
    csv: {
      name: `compare-${ind}.csv`,
      columns: [{ name: 'region' }, { name: 'a' }, { name: 'b' }, { name: 'b_minus_a' }],
      rows: regions.map((r) => ({ region: r, a: value(r, ind, 'a'), b: value(r, ind, 'b'), b_minus_a: value(r, ind, 'b_minus_a') })),
    },
    option: {
      tooltip: { trigger: 'axis', valueFormatter: show },
      legend: { top: 0 },
      grid: { left: 10, right: 16, top: 40, bottom: 10, containLabel: true },
      xAxis: { type: 'category', data: regions, axisLabel: { interval: 0, rotate: narrow ? 90 : 0 } },
      yAxis: { type: 'value', axisLabel: { formatter: show } },
      series: [
        { name: 'A', type: 'bar', data: regions.map((r) => value(r, ind, 'a')), itemStyle: { color: '#b8c7d9' } },
        { name: 'B', type: 'bar', data: regions.map((r) => value(r, ind, 'b')), itemStyle: { color: PALETTE[0] } },
        { name: 'B − A', type: 'bar', data: regions.map((r) => value(r, ind, 'b_minus_a')), itemStyle: { color: PALETTE[1] } },
      ],
    },
  });
  const cards = [
    heat,
    bars('chart-compare-consumer', 'consumer_price_change', 'Consumer prices', 'Change in the price of the household basket, % (A, B and B − A in percentage points)', (v) => fmt.pct(v, 2)),
    bars('chart-compare-jobs', 'jobs_change', 'Jobs changed', 'Change in persons engaged, thousand persons, when final demand responds to prices', (v) => fmt.n1(v)),
    bars('chart-compare-revenue', 'tariff_revenue', 'Tariff revenue', `Tariff revenue, ${sa.meta.unit || 'table unit'}`, (v) => fmt.int(v)),
    landedCard(landed),
  ];
  main.append(
    el('p', { class: 'notice', id: 'compare-sides' }, el('b', {}, 'A: '), names[0], el('br'), el('b', {}, 'B: '), names[1]),
    el('div', { class: 'grid' }, cards.map((c) => c.card)),
    el('details', { class: 'card wide' }, el('summary', {}, 'The two scenario files compared (run them with autopact scenario diff A.toml B.toml)'),
      el('pre', { id: 'compare-a-toml' }, texts[0]), el('pre', { id: 'compare-b-toml' }, texts[1])));
  cards.forEach((c) => c.draw());
}
