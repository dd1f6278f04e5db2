// "How woven together?": where the value added in Canada's and Mexico's
// exports to the US comes from (a Sankey, source region → exporter), and
// the jobs behind those exports, by the region where they are.
// API: /api/va-content and /api/jobs (exporter, importer, sector).

import { post, writeState, el, field, chartCard, vintage, fmt, PALETTE } from '../common.js';

const EXPORTERS = ['CAN', 'MEX'];
const GOODS = Array.from({ length: 16 }, (_, i) => `c${i + 1}`).join(',');

/** The sector choices: label and the `sector` field sent to the API. */
export const SECTORS = {
  c15: { label: 'Transport equipment (c15)', sector: 'c15' },
  goods: { label: 'All goods (c1–c16: agriculture, mining, manufacturing)', sector: GOODS },
  all: { label: 'All exports (goods and services)', sector: null },
};

export async function render(main, params, current) {
  const choice = SECTORS[params.get('sector')] ? params.get('sector') : 'c15';
  const select = el('select', { name: 'sector' },
    Object.entries(SECTORS).map(([k, v]) => el('option', { value: k, selected: k === choice }, v.label)));
  select.addEventListener('change', () => writeState('woven', { sector: select.value }));
  main.append(
    el('h1', {}, 'How woven together?'),
    el('p', { class: 'lead' },
      'Where the value added in Canada\'s and Mexico\'s exports to the United States comes from, by source region, ' +
      'and the jobs that produce those exports, by the region where they are. A large US share means US value added ' +
      'travels north or south and comes back inside the goods.'),
    el('form', { class: 'controls', onsubmit: (e) => e.preventDefault() }, field('Exports of', select)));

  const sector = SECTORS[choice].sector;
  const req = (e) => ({ exporter: e, importer: 'USA', ...(sector ? { sector } : {}) });
  const [va, jobs] = await Promise.all([
    Promise.all(EXPORTERS.map((e) => post('/api/va-content', { ...req(e), by: 'source-region' }))),
    Promise.all(EXPORTERS.map((e) => post('/api/jobs', req(e)))),
  ]);
  if (!current()) return;

  const regions = va[0].rows.map((r) => r.source_region);
  const flowName = (e) => `${e} exports to USA`;
  const srcName = (r) => `${r} value added`;
  const jobsOf = (i, r) => jobs[i].rows.find((x) => x.source_region === r)?.jobs;

  const links = [];
  const csvRows = [];
  EXPORTERS.forEach((e, i) => {
    for (const row of va[i].rows) {
      links.push({ source: srcName(row.source_region), target: flowName(e), value: row.value_added });
      csvRows.push({ exporter: e, importer: 'USA', source_region: row.source_region, value_added: row.value_added,
        share: row.share, jobs: jobsOf(i, row.source_region) });
    }
  });
  const nodes = [
    ...regions.map((r, k) => ({ name: srcName(r), itemStyle: { color: PALETTE[k % PALETTE.length] } })),
    ...EXPORTERS.map((e) => ({ name: flowName(e), itemStyle: { color: '#444' } })),
  ];
  const unit = va[0].columns.find((c) => c.name === 'value_added')?.unit || '';
  const sankey = chartCard({
    id: 'chart-woven-sankey',
    title: `Value added in ${SECTORS[choice].label.toLowerCase()} exports of Canada and Mexico to the US, by source region`,
    units: `Link width: value added embodied, ${unit} (${va[0].meta.year || 'table year'}); hover a link for its share and the jobs behind it. ` +
      `Exports: CAN ${fmt.int(Number(va[0].meta.exports))}, MEX ${fmt.int(Number(va[1].meta.exports))} ${unit}.`,
    vintage: vintage(va[0].meta, va[0].meta.method),
    wide: true,
    size: 'tall',
    csv: {
      name: `va-origin-${choice}.csv`,
      columns: [{ name: 'exporter' }, { name: 'importer' }, { name: 'source_region' },
        { name: 'value_added', unit }, { name: 'share', unit: 'share of the value added embodied' },
        { name: 'jobs', unit: 'thousand persons' }],
      rows: csvRows,
    },
    option: {
      tooltip: {
        trigger: 'item',
        formatter: (p) => {
          if (p.dataType !== 'edge') return `${p.name}: ${fmt.int(p.value)} ${unit}`;
          const e = p.data.target.split(' ')[0];
          const r = p.data.source.split(' ')[0];
          const row = csvRows.find((x) => x.exporter === e && x.source_region === r);
          return `${r} value added in ${e}'s exports to the US<br>${fmt.int(row.value_added)} ${unit} (${fmt.pct(row.share, 1)})<br>` +
            `jobs in ${r} behind these exports: ${fmt.n1(row.jobs)} thousand`;
        },
      },
      series: [{
        type: 'sankey', left: 8, right: 150, top: 10, bottom: 10, nodeGap: 8,
        emphasis: { focus: 'adjacency' }, lineStyle: { color: 'source', opacity: 0.45 },
        label: { fontSize: 11 }, data: nodes, links,
      }],
    },
  });

  const jobUnit = jobs[0].columns.find((c) => c.name === 'jobs')?.unit || 'thousand persons';
  const jobsChart = chartCard({
    id: 'chart-woven-jobs',
    title: 'Jobs behind these exports, by the region where they are',
    units: `Persons engaged, ${jobUnit} (${jobs[0].meta.employment || 'employment satellite'})`,
    vintage: vintage(jobs[0].meta, jobs[0].meta.method),
    wide: true,
    csv: {
      name: `jobs-behind-exports-${choice}.csv`,
      columns: [{ name: 'exporter' }, { name: 'importer' }, { name: 'source_region' }, { name: 'jobs', unit: jobUnit },
        { name: 'share', unit: 'share of the jobs embodied' }],
      rows: EXPORTERS.flatMap((e, i) => jobs[i].rows.map((r) => ({ exporter: e, importer: 'USA', ...r }))),
    },
    option: {
      tooltip: { trigger: 'axis', valueFormatter: (v) => `${fmt.n1(v)} thousand` },
      legend: { top: 0 },
      grid: { left: 60, right: 16, top: 60, bottom: 30 },
      xAxis: { type: 'category', data: jobs[0].rows.map((r) => r.source_region) },
      yAxis: { type: 'value', name: jobUnit, nameTextStyle: { align: 'left' } },
      series: EXPORTERS.map((e, i) => ({
        name: `${e} exports to USA`, type: 'bar', data: jobs[i].rows.map((r) => r.jobs),
        itemStyle: { color: PALETTE[i + 1] },
      })),
    },
  });
  const share = (i, r) => va[i].rows.find((x) => x.source_region === r)?.share ?? 0;
  const headline = el('p', { class: 'notice', id: 'woven-headline' },
    EXPORTERS.map((e, i) => `${e}: ${fmt.pct(share(i, e), 1)} of the value added in its exports to the US is its own, ` +
      `${fmt.pct(share(i, 'USA'), 1)} is US value added coming back. `).join(''),
    `(${SECTORS[choice].label}, ${va[0].meta.year || 'table year'}.)`);
  const grid = el('div', { class: 'grid' }, sankey.card, jobsChart.card);
  main.append(headline);
  main.append(grid);
  sankey.draw();
  jobsChart.draw();
}
