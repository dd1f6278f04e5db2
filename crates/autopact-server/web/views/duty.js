// "Duty on one entry": importer, date, HTS code, origin, customs value and
// the contents the law asks about → a stacked bar of the duty layers (each
// with its legal citation on hover) and the explanation tree below.
// API: /api/duty (the same JSON as `autopact duty --format json --explain`).

import { post, writeState, el, field, chartCard, fmt, dec, PALETTE } from '../common.js';

/** Form fields: URL key = API field, label, input type, default. */
const FIELDS = [
  ['importer', 'Importer', 'select:US,CA,MX', 'US'],
  ['date', 'Entry date', 'date', '2025-10-01'],
  ['hts', 'HTS code', 'text', '8703.23.01'],
  ['origin', 'Origin (ISO 2)', 'text', 'JP'],
  ['value', 'Customs value (USD)', 'number', '40000'],
  ['us_content', 'US content (USD)', 'number', ''],
  ['steel_content', 'Steel content (USD)', 'number', ''],
  ['aluminum_content', 'Aluminum content (USD)', 'number', ''],
  ['copper_content', 'Copper content (USD)', 'number', ''],
];
const FLAGS = [['usmca_qualifying', 'USMCA-qualifying']];

/** The API body from the URL's parameters. */
export function requestOf(params) {
  const body = {};
  for (const [k, , , def] of FIELDS) {
    const v = params.has(k) ? params.get(k) : def;
    if (v !== '') body[k] = v;
  }
  for (const [k] of FLAGS) if (params.get(k) === '1') body[k] = true;
  return body;
}

export async function render(main, params, current) {
  main.append(el('h1', {}, 'Duty on one entry'),
    el('p', { class: 'lead' },
      'The duty stack on one customs entry, layer by layer: the column-1 rate, the Section 232, IEEPA and deal layers, ' +
      'each with the legal source it comes from and the base it is charged on. Classification is yours: autopact does not classify goods.'));
  const req = requestOf(params);
  const inputs = {};
  const form = el('form', { class: 'controls' });
  for (const [k, label, type, def] of FIELDS) {
    let input;
    if (type.startsWith('select:')) {
      input = el('select', { name: k }, type.slice(7).split(',').map((o) => el('option', { value: o, selected: o === (req[k] || def) }, o)));
    } else {
      // A box with a default must not be cleared: the form refuses it rather
      // than silently putting the default back.
      input = el('input', { name: k, type, value: req[k] ?? '', step: type === 'number' ? 'any' : null, min: type === 'number' ? '0' : null, required: def !== '' });
    }
    inputs[k] = input;
    form.append(field(label, input));
  }
  for (const [k, label] of FLAGS) {
    inputs[k] = el('input', { type: 'checkbox', name: k, checked: req[k] === true });
    form.append(el('label', { class: 'check' }, inputs[k], label));
  }
  form.append(el('button', { type: 'submit' }, 'Compute'),
    el('p', { class: 'hint' }, 'Amounts in USD; contents are the value of that content in the entry, for the layers charged on it.'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const state = {};
    for (const [k] of FIELDS) state[k] = inputs[k].value;
    for (const [k] of FLAGS) state[k] = inputs[k].checked;
    writeState('duty', state);
  });
  main.append(form);

  const d = await post('/api/duty', req);
  if (!current()) return;
  drawDuty(main, d);
}

function drawDuty(main, d) {
  const total = dec(d.total_duty);
  const value = dec(d.query.value);
  const vint = `Law data as of ${d.law_as_of} · entry ${d.query.date} · ${d.currency} · ${d.schema}`;
  const summary = el('section', { class: 'card wide' },
    el('h2', {}, `Duty on ${d.query.hts} from ${d.query.origin} into ${d.query.importer}, entered ${d.query.date}`),
    el('p', { class: 'big', id: 'duty-total' }, `${d.currency} ${fmt.n2(total)}`),
    el('p', {}, `Effective rate ${d.effective_rate}% of the customs value ${d.currency} ${fmt.n2(value)}.`),
    ...(d.warnings || []).map((w) => el('p', { class: 'notice' }, String(w.message || w))),
    ...(d.hints || []).map((h) => el('p', { class: 'notice' }, String(h.message || h.text || JSON.stringify(h)))),
    d.unconfirmed_used && d.unconfirmed_used.length ? el('p', { class: 'notice' }, `Unconfirmed measures used: ${d.unconfirmed_used.join(', ')}`) : null);

  const layerRows = d.layers.map((l) => ({
    measure_id: l.measure_id, name: l.name, heading: l.heading, kind: l.kind, base_kind: l.base_kind,
    base: l.base, rate: l.rate, amount: l.amount, citation: l.citation, confidence: l.confidence,
  }));
  const stack = chartCard({
    id: 'chart-duty-layers',
    title: 'The duty stack',
    units: `Duty per layer, ${d.currency}; hover a layer for its legal source, base and rate`,
    vintage: vint,
    wide: true,
    size: 'short',
    csv: {
      name: `duty-${d.query.hts}-${d.query.origin}-${d.query.date}.csv`,
      columns: [{ name: 'measure_id' }, { name: 'name' }, { name: 'heading' }, { name: 'kind' }, { name: 'base_kind' },
        { name: 'base', unit: d.currency }, { name: 'rate', unit: 'percent' }, { name: 'amount', unit: d.currency },
        { name: 'citation' }, { name: 'confidence' }],
      rows: layerRows,
    },
    option: {
      tooltip: {
        trigger: 'item', confine: true,
        formatter: (p) => {
          const l = d.layers[p.seriesIndex];
          return `<b>${l.name}</b> (${l.heading})<br>${l.rate}% × ${l.base_kind} ${l.base} = ${d.currency} ${l.amount}` +
            `<br><i>${l.citation}</i><br>confidence: ${l.confidence}${l.note ? '<br>' + l.note : ''}`;
        },
        extraCssText: 'max-width: 420px; white-space: normal;',
      },
      legend: { top: 0, type: 'scroll' },
      grid: { left: 10, right: 28, top: 36, bottom: 24, containLabel: true },
      xAxis: { type: 'value', max: Math.max(total, 1e-9), axisLabel: { formatter: (v) => fmt.int(v) } },
      yAxis: { type: 'category', data: ['duty'], show: false },
      series: d.layers.map((l, i) => ({
        name: `${l.heading}: ${l.name}`, type: 'bar', stack: 'duty', data: [dec(l.amount)],
        itemStyle: { color: PALETTE[i % PALETTE.length] }, label: { show: true, formatter: () => fmt.int(dec(l.amount)) },
      })),
    },
  });

  const tree = el('section', { class: 'card wide' }, el('h2', {}, 'How it was computed'),
    d.explanation ? el('ul', { class: 'tree', id: 'duty-explanation' }, treeNode(d.explanation)) : el('p', {}, 'No explanation returned.'));
  const notApplied = el('section', { class: 'card wide' },
    el('details', {}, el('summary', {}, `Measures considered and not applied (${d.not_applied.length})`),
      el('div', { class: 'scroll' }, el('table', { class: 'data' },
        el('tr', {}, el('th', {}, 'measure'), el('th', {}, 'heading'), el('th', {}, 'why not')),
        d.not_applied.map((n) => el('tr', {}, el('td', {}, n.measure_id), el('td', {}, n.heading), el('td', {}, n.reason)))))));
  main.append(el('div', { class: 'grid' }, summary, stack.card, tree, notApplied));
  stack.draw();
}

/** One node of an explanation tree (title, rule, citation, inputs, base, arithmetic, result, children). */
export function treeNode(n) {
  return el('li', {},
    el('span', { class: 'title' }, n.title), n.result ? ` → ${n.result}` : '',
    n.rule ? el('div', { class: 'meta' }, 'rule: ', n.rule) : null,
    n.citation ? el('div', { class: 'meta' }, 'source: ', el('i', {}, n.citation)) : null,
    n.inputs && n.inputs.length ? el('div', { class: 'meta' }, 'inputs: ', n.inputs.map(([k, v], i) => [i ? '; ' : '', `${k} = `, el('code', {}, v)])) : null,
    n.base ? el('div', { class: 'meta' }, 'base: ', n.base) : null,
    n.arithmetic ? el('div', { class: 'meta' }, 'arithmetic: ', el('code', {}, n.arithmetic)) : null,
    n.children && n.children.length ? el('ul', {}, n.children.map(treeNode)) : null);
}
