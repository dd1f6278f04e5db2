// The dashboard's entry: the banner of what the server holds, and a router
// from the URL's fragment (#/view?params) to one of four views. Each view
// reads its state from the URL, so every screen is a shareable link.
//
// <body data-state> is "loading" while a view computes, then "ready" or
// "error"; the browser test waits on it.

import { get, readState, disposeCharts, errorBox, el } from './common.js';
import * as woven from './views/woven.js';
import * as tariff from './views/tariff.js';
import * as duty from './views/duty.js';
import * as roo from './views/roo.js';

const VIEWS = { woven, tariff, duty, roo };
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
  try {
    await module.render(main, params, () => mine === generation);
    if (mine === generation) document.body.dataset.state = main.querySelector('.error') ? 'error' : 'ready';
  } catch (e) {
    if (mine !== generation) return;
    main.append(errorBox(e));
    document.body.dataset.state = 'error';
  }
}

window.addEventListener('hashchange', route);
banner();
route().catch((e) => document.getElementById('view').append(el('p', { class: 'error' }, String(e))));
