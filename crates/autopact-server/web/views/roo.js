// "Does it qualify?": a reference vehicle or an uploaded BOM → an RVC
// waterfall from net cost through each non-originating material to the
// originating value, against the threshold; the tests, the gap to qualify
// and the parts that would flip the result.
// API: /api/roo (the same JSON as `autopact roo --format json --explain`).

import { post, writeState, el, field, chartCard, fmt, dec, errorBox } from '../common.js';

export const VEHICLES = ['ontario-suv', 'mexico-pickup', 'michigan-sedan', 'japan-import', 'korea-import', 'germany-import', 'china-ev'];
let uploaded = null; // {name, body} of the last BOM chosen on this page (not in the URL: it is the user's file)

/** Reads a chosen BOM file into the fields /api/roo takes. */
async function readBom(file) {
  if (/\.xlsx$/i.test(file.name)) {
    const bytes = new Uint8Array(await file.arrayBuffer());
    let bin = '';
    for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return { bom_xlsx: btoa(bin) };
  }
  return { bom: await file.text() };
}

export async function render(main, params, current) {
  const source = params.get('source') === 'upload' && uploaded ? 'upload' : 'vehicle';
  const vehicle = VEHICLES.includes(params.get('vehicle')) ? params.get('vehicle') : 'ontario-suv';
  const date = params.get('date') || '2025-10-01';
  main.append(el('h1', {}, 'Does it qualify?'),
    el('p', { class: 'lead' },
      'USMCA rules of origin for a vehicle: the regional value content (RVC) by net cost, from the net cost down through each ' +
      'non-originating material to the originating value, against the threshold; then every test, how far a failing test is ' +
      'from passing, and the parts that would flip the result.'));
  const vSel = el('select', { name: 'vehicle', disabled: source === 'upload' },
    VEHICLES.map((v) => el('option', { value: v, selected: v === vehicle }, v)));
  const dateIn = el('input', { type: 'date', name: 'date', value: date, required: true });
  const fileIn = el('input', { type: 'file', name: 'bom', accept: '.csv,.xlsx,text/csv' });
  // The upload stays the subject (a new date, Check) until it is removed.
  const removeBtn = source === 'upload'
    ? el('button', { type: 'button', id: 'roo-remove-upload' }, `Remove ${uploaded.name}`) : null;
  const state = () => (uploaded && source === 'upload'
    ? { source: 'upload', date: dateIn.value } : { vehicle: vSel.value, date: dateIn.value });
  const form = el('form', { class: 'controls' },
    field('Reference vehicle (illustrative)', vSel), field('Date', dateIn), field('…or upload a BOM (CSV or XLSX)', fileIn),
    el('button', { type: 'submit' }, 'Check'), removeBtn,
    source === 'upload' ? el('p', { class: 'notice', id: 'roo-subject' },
      `Checking your upload ${uploaded.name}: Check and a new date keep it; remove it to check a reference vehicle.`) : null,
    params.get('source') === 'upload' && !uploaded ? el('p', { class: 'notice', id: 'roo-subject' },
      'An uploaded BOM is not kept when the page is reloaded (it is not in the address): choose the file again. Showing the reference vehicle.') : null,
    el('p', { class: 'hint' }, 'An uploaded BOM is sent to this server only and is not put in the page address; ' +
      'the address of this view names the reference vehicle and the date. BOM columns are those of `autopact roo --bom`.'));
  form.addEventListener('submit', (e) => { e.preventDefault(); writeState('roo', state()); });
  vSel.addEventListener('change', () => writeState('roo', state()));
  if (removeBtn) {
    removeBtn.addEventListener('click', () => {
      uploaded = null;
      writeState('roo', { vehicle: vSel.value, date: dateIn.value });
    });
  }
  fileIn.addEventListener('change', async () => {
    const f = fileIn.files[0];
    if (!f) return;
    try {
      uploaded = { name: f.name, body: await readBom(f) };
      writeState('roo', { source: 'upload', date: dateIn.value });
    } catch (err) { main.append(errorBox(err)); }
  });
  main.append(form);

  const body = source === 'upload' ? { ...uploaded.body, date } : { vehicle, date };
  const r = await post('/api/roo', body);
  if (!current()) return;
  drawRoo(main, r, source === 'upload' ? uploaded.name : vehicle);
}

/**
 * A test's result in one of four states: passed, FAILED, or not evaluated
 * (the engine lacked the data; `passed` is null), with the reason.
 */
export function testText(t) {
  if (t.passed === null || t.passed === undefined) return `not evaluated: ${whyNot(t)}`;
  return t.passed ? 'passed' : 'FAILED';
}

/** Why a test was not evaluated (its detail, without a repeated "not evaluated:"). */
function whyNot(t) {
  return String(t.detail || 'the engine lacks the data').replace(/^not evaluated:\s*/, '');
}

function testClass(t) {
  if (t.passed === null || t.passed === undefined) return 'unknown';
  return t.passed ? 'pass' : 'fail';
}

/** The verdict: originating, not originating, or not shown (a test not evaluated). */
export function verdictText(r) {
  if (r.outcome === 'incomplete') return 'Not shown to be originating (a test was not evaluated)';
  return r.originating ? 'Originating' : 'Not originating';
}

function verdictClass(r) {
  if (r.outcome === 'incomplete') return 'unknown';
  return r.originating ? 'pass' : 'fail';
}

/** The waterfall's steps: net cost, minus each non-originating material, the originating value. */
export function waterfallSteps(r) {
  const nc = dec(r.net_cost);
  const vnm = dec(r.vnm);
  const good = r.components.find((c) => c.level === 0);
  const direct = r.components.filter((c) => c.level === 1 && dec(c.vnm) > 0)
    .sort((a, b) => dec(b.vnm) - dec(a.vnm));
  const steps = [{ label: 'Net cost', value: nc, kind: 'total' }];
  let listed = 0;
  for (const c of direct) {
    steps.push({ label: c.part_id, value: -dec(c.vnm), kind: 'vnm', component: c });
    listed += dec(c.vnm);
  }
  const rest = Math.round((vnm - listed) * 100) / 100;
  if (Math.abs(rest) >= 0.005) steps.push({ label: 'other VNM', value: -rest, kind: 'vnm' });
  steps.push({ label: 'Originating value (NC − VNM)', value: nc - vnm, kind: 'total' });
  return { steps, nc, vnm, good };
}

function drawRoo(main, r, what) {
  const rvc = r.tests.find((t) => t.name === 'rvc');
  const threshold = rvc && rvc.threshold !== null ? dec(rvc.threshold) : null;
  const { steps, nc } = waterfallSteps(r);
  let running = 0;
  const base = [];
  const shown = [];
  for (const s of steps) {
    if (s.kind === 'total') { base.push(0); shown.push(s.value); running = s.value; } else {
      running += s.value;
      base.push(running);
      shown.push(-s.value);
    }
  }
  const vint = `Law data as of ${r.law_as_of} · date ${r.date} · ${r.schema}${r.good.illustrative ? ' · illustrative vehicle' : ''}`;
  const verdict = el('section', { class: 'card wide' },
    el('h2', {}, `${r.good.description} (${r.good.hs}, ${r.good.category})`),
    el('p', { class: `big ${verdictClass(r)}`, id: 'roo-outcome' }, verdictText(r)),
    r.outcome === 'incomplete' ? el('p', { class: 'notice', id: 'roo-incomplete' },
      'No test failed, but a required test could not be evaluated, so the vehicle is not shown to be originating: ',
      r.tests.filter((t) => t.passed === null).map((t) => `${t.name}: ${whyNot(t)}`).join('; ')) : null,
    rvc ? el('p', {}, `RVC ${rvc.value}% by ${rvc.method} against ${rvc.threshold}%: net cost USD ${r.net_cost}, VNM USD ${r.vnm}.`) : null,
    ...(r.warnings || []).map((w) => el('p', { class: 'notice' }, String(w.message || w))));

  const wf = chartCard({
    id: 'chart-roo-waterfall',
    title: `RVC waterfall: ${what}`,
    units: `USD per vehicle; red steps are non-originating materials (VNM); the dashed line is the ${threshold ?? '?'}% threshold × net cost`,
    vintage: vint,
    wide: true,
    csv: {
      name: `rvc-waterfall-${what}.csv`,
      columns: [{ name: 'step' }, { name: 'kind' }, { name: 'amount', unit: 'USD' }, { name: 'running_total', unit: 'USD' }],
      rows: steps.map((s, i) => ({ step: s.label, kind: s.kind, amount: s.value, running_total: s.kind === 'total' ? s.value : base[i] })),
    },
    option: {
      tooltip: {
        trigger: 'axis', axisPointer: { type: 'shadow' },
        formatter: (ps) => {
          const i = ps[0].dataIndex;
          const s = steps[i];
          const c = s.component;
          return `<b>${s.label}</b><br>USD ${fmt.n2(Math.abs(s.value))}` +
            (c ? `<br>${c.description} (${c.hs}, ${c.origin})<br>${c.status}${c.reason ? ': ' + c.reason : ''}` : '') +
            (s.kind === 'total' ? `<br>${fmt.pct(s.value / nc, 2)} of net cost` : '');
        },
        extraCssText: 'max-width: 380px; white-space: normal;',
      },
      grid: { left: 10, right: 20, top: 20, bottom: 10, containLabel: true },
      xAxis: { type: 'category', data: steps.map((s) => s.label), axisLabel: { interval: 0, rotate: steps.length > 6 ? 35 : 0, fontSize: 10 } },
      yAxis: { type: 'value', name: 'USD' },
      series: [
        { name: 'base', type: 'bar', stack: 'w', data: base, itemStyle: { color: 'transparent' }, emphasis: { disabled: true }, silent: true },
        {
          name: 'amount', type: 'bar', stack: 'w', data: shown,
          itemStyle: { color: (p) => (steps[p.dataIndex].kind === 'total' ? '#1f4e79' : '#c0504d') },
          label: { show: true, position: 'top', fontSize: 10, formatter: (p) => fmt.int(p.value) },
          markLine: threshold === null ? undefined : {
            symbol: 'none', lineStyle: { type: 'dashed', color: '#e69f00', width: 2 },
            label: { formatter: `threshold ${threshold}% = USD ${fmt.int(nc * threshold / 100)}`, position: 'insideEndTop' },
            data: [{ yAxis: nc * threshold / 100 }],
          },
        },
      ],
    },
  });

  const tests = el('section', { class: 'card wide' }, el('h2', {}, 'Tests'),
    el('div', { class: 'scroll' }, el('table', { class: 'data', id: 'roo-tests' },
      el('tr', {}, ['test', 'method', 'value %', 'threshold %', 'result', 'gap to qualify', 'source'].map((h) => el('th', {}, h))),
      r.tests.map((t) => el('tr', {},
        el('td', {}, t.name), el('td', {}, t.method), el('td', { class: 'num' }, t.value ?? '—'), el('td', { class: 'num' }, t.threshold ?? '—'),
        el('td', { class: testClass(t), title: t.passed === null ? t.detail : null }, testText(t)),
        el('td', {}, t.gap_text || (t.gap ? `${t.gap} points` : '')), el('td', {}, el('i', {}, t.citation)))))));
  const flips = el('section', { class: 'card wide' },
    el('h2', {}, r.originating ? 'Parts whose loss of origin would fail it' : 'Parts that would flip it'),
    r.flips.length ? el('div', { class: 'scroll' }, el('table', { class: 'data', id: 'roo-flips' },
      el('tr', {}, ['part', 'description', 'test', 'value USD', 'effect'].map((h) => el('th', {}, h))),
      r.flips.map((f) => el('tr', {}, el('td', {}, f.part_id), el('td', {}, f.description), el('td', {}, f.test),
        el('td', { class: 'num' }, f.value), el('td', {}, f.effect)))))
      : el('p', {}, r.originating ? 'No single part decides the result.' : 'No single part flips the result; see the gap above.'),
    r.assumptions && r.assumptions.length ? el('details', {}, el('summary', {}, `Assumptions (${r.assumptions.length})`),
      el('ul', {}, r.assumptions.map((a) => el('li', {}, a)))) : null);
  main.append(el('div', { class: 'grid' }, verdict, wf.card, tests, flips));
  wf.draw();
}
