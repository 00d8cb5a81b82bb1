'use strict';
// The operations console: everything it shows comes from the HTTP API, asked with the token the
// reader gives (kept in this tab's sessionStorage only). Text from the API is set as text, never as HTML.

const TOKEN_KEY = 'loyalty.console.token';
const LEDGER_PAGE = 1000;   // the API's largest page
const LEDGER_PAGES = 10;    // at most 10,000 entries are read for one customer
const REFRESH_MS = 5000;

const $ = (id) => document.getElementById(id);
const numbers = new Intl.NumberFormat('en-US');
let balanceChart = null;

function token() {
  return sessionStorage.getItem(TOKEN_KEY) || '';
}

/** GET path from this server; resolves to {status, body}, body parsed JSON or null. */
async function api(path) {
  const headers = { Accept: 'application/json' };
  if (token()) {
    headers.Authorization = 'Bearer ' + token();
  }
  const response = await fetch(path, { headers, cache: 'no-store' });
  let body = null;
  try {
    body = await response.json();
  } catch (e) {
    body = null;
  }
  return { status: response.status, body };
}

/** What to tell the reader about an answer that is not 200. */
function problem(answer, role) {
  const reason = answer.body && answer.body.reason ? answer.body.reason : 'HTTP ' + answer.status;
  if (answer.status === 401) {
    return 'needs a token with the role ' + role + ' (' + reason + ')';
  }
  if (answer.status === 403) {
    return 'this token lacks the role ' + role + ' (' + reason + ')';
  }
  return reason;
}

function showProblem(element, text) {
  element.textContent = text || '';
  element.hidden = !text;
}

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) {
    node.textContent = String(text);
  }
  if (className) {
    node.className = className;
  }
  return node;
}

function tile(metric, label, value) {
  const node = el('div', null, 'tile');
  node.dataset.metric = metric;
  node.append(el('span', label, 'label'), el('span', value, 'value'));
  return node;
}

function count(n) {
  return numbers.format(n);
}

function percent(rate) {
  return (rate * 100).toFixed(1) + '%';
}

function when(instant) {
  return instant ? instant.replace('T', ' ') : '-';
}

async function refreshMetrics() {
  const answer = await api('/program/metrics');
  const tiles = $('tiles');
  if (answer.status !== 200) {
    showProblem($('metrics-problem'), 'Program metrics: ' + problem(answer, 'read'));
    tiles.replaceChildren();
    return;
  }
  showProblem($('metrics-problem'), '');
  const m = answer.body;
  const tiers = el('div', null, 'tile tiers');
  tiers.dataset.metric = 'membersPerTier';
  tiers.append(el('span', 'members per tier', 'label'));
  const list = el('ul');
  for (const [tier, members] of Object.entries(m.membersPerTier)) {
    const line = el('li');
    line.dataset.tier = tier;
    line.append(el('span', tier), el('span', count(members), 'value'));
    list.append(line);
  }
  tiers.append(list);
  tiles.replaceChildren(
    tile('pointsOutstanding', 'liability (points outstanding)', count(m.pointsOutstanding)),
    tile('redemptionRate', 'redemption rate', percent(m.redemptionRate)),
    tile('breakageRate', 'breakage rate', percent(m.breakageRate)),
    tile('members', 'members', count(m.members)),
    tile('activeMembers', 'active (30 days)', count(m.activeMembers)),
    tile('pointsIssued', 'points issued', count(m.pointsIssued)),
    tile('pointsRedeemed', 'points redeemed', count(m.pointsRedeemed)),
    tile('pointsExpired', 'points expired', count(m.pointsExpired)),
    tile('repeatPurchaseRate', 'repeat purchase rate', percent(m.repeatPurchaseRate)),
    tiers);
}

async function refreshReplay() {
  const answer = await api('/internal/replay');
  const state = $('replay-state');
  const bar = $('replay-progress');
  bar.hidden = true;
  if (answer.status === 401 || answer.status === 403) {
    state.textContent = 'needs admin token';
    return;
  }
  if (answer.status === 404) {
    state.textContent = 'this server does not run replays';
    return;
  }
  if (answer.status !== 200) {
    state.textContent = problem(answer, 'admin');
    return;
  }
  const r = answer.body;
  let text = r.state + ', generation ' + r.generation;
  if (r.state === 'RUNNING') {
    text += ': ' + count(r.entriesRead) + ' of ' + count(r.entriesTotal) + ' entries, '
      + count(Math.round(r.entriesPerSec)) + '/s, ' + (r.secondsLeft < 0 ? 'time left unknown' : r.secondsLeft + ' s left');
    bar.max = Math.max(r.entriesTotal, 1);
    bar.value = r.entriesRead;
    bar.hidden = false;
  } else if (r.state === 'FAILED') {
    text += ': ' + r.error;
  }
  state.textContent = text;
}

async function refreshProgram() {
  await Promise.all([refreshMetrics(), refreshReplay()]);
}

/** The customer's entries in seq order, page after page. */
async function ledgerOf(id) {
  const entries = [];
  for (let page = 0; page < LEDGER_PAGES; page++) {
    const fromSeq = entries.length ? entries[entries.length - 1].seq + 1 : 1;
    const answer = await api('/customers/' + encodeURIComponent(id) + '/ledger?fromSeq=' + fromSeq + '&limit=' + LEDGER_PAGE);
    if (answer.status !== 200) {
      throw new Error('Ledger: ' + problem(answer, 'read'));
    }
    entries.push(...answer.body);
    if (answer.body.length < LEDGER_PAGE) {
      return { entries, complete: true };
    }
  }
  return { entries, complete: false };
}

/** Lots as the ledger records them: each credit's lot, less what debits say they took from it. */
function openLots(entries) {
  const lots = new Map();
  for (const e of entries) {
    if (e.lot) {
      lots.set(e.lot.id, { id: e.lot.id, size: e.lot.points, left: e.lot.points, expiresAt: e.lot.expiresAt });
    }
    for (const c of e.consumed || []) {
      const lot = lots.get(c.lot);
      if (lot) {
        lot.left -= c.points;
      }
    }
  }
  return [...lots.values()].filter((l) => l.left > 0).sort((a, b) => a.expiresAt.localeCompare(b.expiresAt));
}

function showView(v) {
  const expiry = v.nextExpiry ? count(v.nextExpiry.points) + ' on ' + when(v.nextExpiry.expiresAt) : 'none';
  $('customer-tiles').replaceChildren(
    tile('balance', 'balance', count(v.balance)),
    tile('tier', 'tier', v.tier),
    tile('status', 'status', v.status),
    tile('nextExpiry', 'next expiry', expiry),
    tile('qualifyingSpend', 'qualifying spend (365 days)', v.qualifyingSpend),
    tile('lifetimeEarned', 'earned / redeemed / expired',
      count(v.lifetimeEarned) + ' / ' + count(v.lifetimeRedeemed) + ' / ' + count(v.lifetimeExpired)),
    tile('lastPurchaseAt', 'last purchase', when(v.lastPurchaseAt)));
}

function showLedger(ledger) {
  const rows = ledger.entries.slice().reverse().map((e) => {
    const row = el('tr');
    row.dataset.seq = e.seq;
    row.append(el('td', e.seq, 'num'), el('td', e.entryId), el('td', e.kind),
      el('td', count(e.points), 'num'), el('td', count(e.balanceAfter), 'num'), el('td', e.tier),
      el('td', when(e.occurredAt)), el('td', e.sourceEventId || '-'));
    return row;
  });
  $('ledger').tBodies[0].replaceChildren(...rows);
  $('ledger-count').textContent = '(' + count(ledger.entries.length) + ' entries'
    + (ledger.complete ? '' : ', the first ' + count(ledger.entries.length) + ' only') + ', newest first)';

  const lots = openLots(ledger.entries).map((l) => {
    const row = el('tr');
    row.append(el('td', l.id), el('td', count(l.left), 'num'), el('td', count(l.size), 'num'), el('td', when(l.expiresAt)));
    return row;
  });
  $('lots').tBodies[0].replaceChildren(...lots);
}

function showChart(entries) {
  const canvas = $('balance-chart');
  canvas.setAttribute('aria-label', 'balance over time: ' + entries.length + ' entries');
  // In seq order, as the balance changed; the x axis spans the business times the entries carry.
  const points = entries.map((e) => ({ x: Date.parse(e.occurredAt), y: e.balanceAfter }));
  const times = points.map((p) => p.x);
  if (balanceChart) {
    balanceChart.destroy();
  }
  balanceChart = new Chart(canvas, {
    type: 'line',
    data: { datasets: [{ label: 'balance after', data: points, stepped: true, borderColor: '#2f6f9f', pointRadius: 2 }] },
    options: {
      animation: false,
      maintainAspectRatio: false,
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { title: (items) => when(new Date(items[0].parsed.x).toISOString()) } },
      },
      scales: {
        x: {
          type: 'linear',
          min: Math.min(...times),
          max: Math.max(...times),
          ticks: { maxTicksLimit: 6, callback: (v) => new Date(v).toISOString().slice(0, 10) },
        },
        y: { title: { display: true, text: 'points' } },
      },
    },
  });
}

async function lookUp(id) {
  $('customer-id').value = id;
  $('customer-name').textContent = id;
  $('customer-hint').hidden = true;
  const found = $('customer-found');
  const answer = await api('/customers/' + encodeURIComponent(id));
  if (answer.status !== 200) {
    found.hidden = true;
    showProblem($('customer-problem'), 'Customer ' + id + ': ' + problem(answer, 'read'));
    return;
  }
  try {
    const ledger = await ledgerOf(id);
    showProblem($('customer-problem'), '');
    showView(answer.body);
    showLedger(ledger);
    found.hidden = false;
    showChart(ledger.entries);
  } catch (e) {
    found.hidden = true;
    showProblem($('customer-problem'), e.message);
  }
}

function showTokenState() {
  $('token-state').textContent = token() ? 'a token is set for this tab' : 'no token';
}

function start() {
  showTokenState();
  $('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $('token').value.trim());
    $('token').value = '';
    showTokenState();
    refreshProgram();
    if ($('customer-id').value) {
      lookUp($('customer-id').value);
    }
  });
  $('token-forget').addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY);
    showTokenState();
    refreshProgram();
  });
  $('lookup').addEventListener('submit', (event) => {
    event.preventDefault();
    const id = $('customer-id').value.trim();
    const url = new URL(window.location.href);
    url.searchParams.set('customer', id);
    history.replaceState(null, '', url);
    lookUp(id);
  });
  $('refresh').addEventListener('click', refreshProgram);

  refreshProgram();
  setInterval(refreshProgram, REFRESH_MS);
  const customer = new URLSearchParams(window.location.search).get('customer');
  if (customer) {
    lookUp(customer);
  }
}

start();
