// The dashboard's entry: the banner of what the server holds, and a router
// from the URL's fragment (#/view?params) to one of five views. Each view
// reads its state from the URL, so every screen is a shareable link.
//
// <body data-state> is "loading" while a view computes, then "ready" or
// "error"; the browser test waits on it.

import { get, readState, writeState, disposeCharts, errorBox, el, newRequests } from './common.js';
import * as woven from './views/woven.js';
import * as tariff from './views/tariff.js';
import * as duty from './views/duty.js';
import * as roo from './views/roo.js';
import * as compare from './views/compare.js';

const VIEWS = { woven, tariff, compare, duty, roo };
let generation = 0;

async function banner() {
  const v = document.getElementById('vintage');
  try {
    const h = await get('/api/health');
    v.textContent = `Table: ${h.table} (${h.regions} regions × ${h.sectors} sectors, sha256 ${String(h.table_sha256 || 'n/a').slice(0, 12)}…) · ${h.tool} · every chart states its units, data vintage and law date`;
  } catch (e) {
    v.textContent = `The server did not answer /api/health: ${e.message}`;
  }
}

async function route() {
  const mine = ++generation;
  const { view, params } = readState();
  const module = VIEWS[view] || woven;
  const name = VIEWS[view] ? view : 'woven';
  document.querySelectorAll('header nav a').forEach((a) => {
    if (a.dataset.view === name) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
  document.body.dataset.state = 'loading';
  document.body.dataset.view = name;
  disposeCharts();
  const main = document.getElementById('view');
  main.replaceChildren();
  const requests = newRequests();
  // Anything over half a second shows a spinner with a Cancel button.
  const busy = el('div', { class: 'busy', id: 'busy', role: 'status' },
    el('span', { class: 'spinner', 'aria-hidden': 'true' }), ' Computing … ',
    el('button', { type: 'button', id: 'busy-cancel' }, 'Cancel'));
  busy.querySelector('button').addEventListener('click', () => {
    generation += 1; // the view's late answers are dropped
    requests.abort();
    busy.remove();
    main.append(el('p', { class: 'notice', id: 'cancelled' }, 'Cancelled. Change the form above and run it again.'));
    document.body.dataset.state = 'cancelled';
  });
  const timer = setTimeout(() => { if (mine === generation) main.prepend(busy); }, 500);
  try {
    await module.render(main, params, () => mine === generation);
    if (mine === generation) document.body.dataset.state = main.querySelector('.error') ? 'error' : 'ready';
  } catch (e) {
    if (mine !== generation) return;
    main.append(errorBox(e), fixFor(e, name, params));
    document.body.dataset.state = 'error';
  } finally {
    clearTimeout(timer);
    busy.remove();
  }
}

/**
 * The control that fixes an error on the page: when the API names a value
 * of the field at fault that works (a date outside the data: the nearest
 * date with data), a button that puts it in the address.
 */
function fixFor(e, view, params) {
  const b = e && e.body;
  if (!b || !b.field || !b.suggestion || !params.has(b.field)) return null;
  const btn = el('button', { type: 'button', id: 'error-fix' }, `Use ${b.field} ${b.suggestion} instead`);
  btn.addEventListener('click', () => {
    const next = Object.fromEntries(params.entries());
    next[b.field] = b.suggestion;
    writeState(view, next);
  });
  return el('p', { class: 'fix' }, btn);
}

window.addEventListener('hashchange', route);
banner();
route().catch((e) => document.getElementById('view').append(el('p', { class: 'error' }, String(e))));
