// The Hookline dashboard: one page over the public /v1 API, with the API token the operator signs
// in with (kept in session storage). No build step and no third-party code. Everything the API
// returns is put on the page as text nodes, never parsed as markup, so an endpoint URL, a
// description or a receiver's response cannot inject any.

const TOKEN_KEY = 'hookline.token';
const TENANT_KEY = 'hookline.tenant';
const REQUEST_TIMEOUT_MS = 15000;
const STATS_REFRESH_MS = 15000;
const PAGE = 50;
const main = document.getElementById('main');
let leaveView = () => {}; // what the current view stops (timers) when another is shown
let viewCount = 0; // which view is on screen: work of one no longer shown stops
let signInMessage = null; // why the operator was signed out, for the sign-in view to say once

// ---------------------------------------------------------------------------------------------
// The API

class ApiError extends Error {
  constructor(status, message, field, code) {
    super(message);
    this.status = status;
    this.field = field;
    this.code = code;
  }
}

/** Calls the API; answers {status, json, headers} or throws an ApiError with the API's message. */
async function api(method, path, body, headers = {}) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
  const token = sessionStorage.getItem(TOKEN_KEY) || '';
  try {
    const res = await fetch(path, {
      method,
      headers: {
        Authorization: 'Bearer ' + token,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: controller.signal,
      cache: 'no-store',
    });
    const text = await res.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    if (!res.ok) {
      const message = json && json.message ? json.message : `HTTP ${res.status} from ${method} ${path}`;
      const error = new ApiError(res.status, message, json && json.field, json && json.error);
      if (res.status === 401 && path !== '/v1/openapi.json' && sessionStorage.getItem(TOKEN_KEY)) {
        signOut(message); // once: the token is gone, so later answers do not sign out again
      }
      throw error;
    }
    return { status: res.status, json, headers: res.headers };
  } catch (e) {
    if (e instanceof ApiError) throw e;
    if (e.name === 'AbortError') {
      throw new ApiError(0, `The request timed out after ${REQUEST_TIMEOUT_MS / 1000} s (${method} ${path}). Try again.`);
    }
    throw new ApiError(0, `Could not reach the Hookline API (${method} ${path}): ${e.message}`);
  } finally {
    clearTimeout(timer);
  }
}

function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, v);
  }
  const s = q.toString();
  return s ? '?' + s : '';
}

// ---------------------------------------------------------------------------------------------
// The page: elements built from text only

function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'value') el.value = v;
    else if (k === 'checked') el.checked = !!v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

function show(...children) {
  fill(main, children);
}

/** Replaces the children of {@code el} with {@code children} (nested arrays flattened). */
function fill(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

function alertBox(error) {
  const text = error instanceof Error ? error.message : String(error);
  return h('div', { class: 'alert', role: 'alert' }, text);
}

function notice(text) {
  return h('div', { class: 'notice', role: 'status' }, text);
}

function loading(what) {
  return h('p', { class: 'loading', role: 'status' }, `Loading ${what}…`);
}

/** Runs an action of a button: disabled while it runs, its error shown in {@code area}. */
async function act(button, area, work) {
  button.disabled = true;
  fill(area);
  try {
    await work();
  } catch (e) {
    fill(area, alertBox(e));
  } finally {
    button.disabled = false;
  }
}

/** A button that runs {@code work} through {@link act}, its errors shown in {@code errors}. */
function actionButton(text, cls, errors, work) {
  const b = h('button', { type: 'button', class: cls }, text);
  b.addEventListener('click', () => act(b, errors, work));
  return b;
}

function field(labelText, input) {
  return h('label', {}, labelText, input);
}

function time(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return isNaN(d) ? iso : d.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' });
}

function percent(ratio) {
  return ratio === undefined || ratio === null ? '—' : (ratio * 100).toFixed(1) + ' %';
}

function ms(value) {
  return value === undefined || value === null ? '—' : value + ' ms';
}

function outcomeBadge(outcome) {
  const cls = { delivered: 'ok', retrying: 'warn', throttled: 'muted', dead: 'bad' }[outcome] || 'muted';
  return h('span', { class: 'badge ' + cls }, outcome || '—');
}

function link(href, text) {
  return h('a', { href }, text);
}

function table(headers, rows, caption) {
  return h('div', { class: 'wrap' },
    h('table', {},
      caption ? h('caption', { class: 'sr-only' }, caption) : null,
      h('thead', {}, h('tr', {}, headers.map((t) => h('th', { scope: 'col', class: t.num ? 'num' : null }, t.num ? t.text : t)))),
      h('tbody', {}, rows)));
}

// ---------------------------------------------------------------------------------------------
// Sign-in

function signOut(message) {
  sessionStorage.removeItem(TOKEN_KEY);
  if (message && location.hash && !location.hash.startsWith('#/signin')) {
    sessionStorage.setItem('hookline.wanted', location.hash); // refused here: back here after
  }
  signInMessage = message || null;
  go('#/signin');
}

/** Shows {@code hash}: a navigation, or the same view again when it is already the one shown. */
function go(hash) {
  if (location.hash === hash) render(); else location.hash = hash;
}

/** Whether the view that was on screen when {@code id} was taken still is. */
function stillShown(id) {
  return id === viewCount;
}

function signInView() {
  const message = signInMessage;
  signInMessage = null;
  document.getElementById('nav').hidden = true;
  const token = h('input', { id: 'token', type: 'password', autocomplete: 'off', required: true });
  const errors = h('div', {});
  if (message) errors.append(alertBox(message));
  const submit = h('button', { type: 'submit' }, 'Sign in');
  const form = h('form', {
    onsubmit: (e) => {
      e.preventDefault();
      act(submit, errors, async () => {
        sessionStorage.setItem(TOKEN_KEY, token.value.trim());
        try {
          await api('GET', '/v1/openapi.json');
        } catch (err) {
          sessionStorage.removeItem(TOKEN_KEY);
          throw err;
        }
        const wanted = sessionStorage.getItem('hookline.wanted');
        sessionStorage.removeItem('hookline.wanted');
        go(wanted && !wanted.startsWith('#/signin') ? wanted : '#/endpoints');
      });
    },
  },
  h('label', { for: 'token' }, 'API token'), token, submit);
  show(h('div', { class: 'signin card' },
    h('h1', {}, 'Sign in to Hookline'),
    h('p', { class: 'muted' }, 'The API token (HOOKLINE_API_TOKEN) of this ingest-service. It stays in this browser tab only.'),
    errors, form));
  token.focus();
}

// ---------------------------------------------------------------------------------------------
// Endpoints of a tenant

function endpointsView(params) {
  const tenant = h('input', { id: 'tenant', name: 'tenant', value: params.get('tenant') || sessionStorage.getItem(TENANT_KEY) || '', required: true, placeholder: 'acme' });
  const form = h('form', {
    class: 'inline',
    onsubmit: (e) => {
      e.preventDefault();
      sessionStorage.setItem(TENANT_KEY, tenant.value.trim());
      go('#/endpoints' + query({ tenant: tenant.value.trim() }));
    },
  }, field('Tenant', tenant), h('button', { type: 'submit' }, 'Show endpoints'),
  h('button', { type: 'button', class: 'secondary', onclick: () => go('#/endpoints/new' + query({ tenant: tenant.value.trim() })) }, 'New endpoint'));
  const body = h('div', {});
  show(h('h1', {}, 'Endpoints'), form, body);
  const t = params.get('tenant');
  if (!t) {
    body.append(h('p', { class: 'muted' }, 'Choose a tenant to list its endpoints.'));
    return;
  }
  sessionStorage.setItem(TENANT_KEY, t);
  const after = params.get('after') || '';
  const previous = (params.get('prev') || '').split(',').filter((x) => x !== '');
  body.append(loading('endpoints'));
  api('GET', '/v1/endpoints' + query({ tenant: t, limit: PAGE, after })).then(({ json }) => {
    const rows = json.data.map((e) => endpointRow(e));
    const pager = h('div', { class: 'pager' },
      previous.length > 0 || after
        ? link('#/endpoints' + query({ tenant: t, after: previous[previous.length - 1] || '', prev: previous.slice(0, -1).join(',') }), '← Previous')
        : null,
      json.nextAfter
        ? link('#/endpoints' + query({ tenant: t, after: json.nextAfter, prev: [...previous, after].join(',') }), 'Next →')
        : null);
    fill(body, 
      json.data.length === 0 ? h('p', { class: 'muted' }, `Tenant ${t} has no endpoints here.`) : null,
      json.data.length === 0 ? null : table(
        ['Endpoint', 'URL', 'State', { text: 'Success (24 h)', num: true }, { text: 'Latency p50', num: true }, 'Last attempt'],
        rows.map((r) => r.tr), `Endpoints of ${t}`),
      pager);
    performance.mark('hookline:endpoints-rendered'); // bench/run dashboard reads these
    fillStats(rows).then(() => performance.mark('hookline:endpoints-complete'));
  }).catch((e) => fill(body, alertBox(e)));
}

function stateOf(e) {
  return e.enabled
    ? h('span', { class: 'badge ok' }, 'enabled')
    : h('span', {}, h('span', { class: 'badge bad' }, 'disabled'), e.disabledReason ? h('div', { class: 'muted' }, e.disabledReason) : null);
}

function endpointRow(e) {
  const rate = h('td', { class: 'num muted' }, '…');
  const latency = h('td', { class: 'num muted' }, '…');
  const last = h('td', { class: 'muted' }, '…');
  const tr = h('tr', { 'data-endpoint': e.id },
    h('td', {}, link('#/endpoint/' + encodeURIComponent(e.id), e.id), e.description ? h('div', { class: 'muted' }, e.description) : null),
    h('td', { class: 'url' }, e.url),
    h('td', {}, stateOf(e)),
    rate, latency, last);
  return { id: e.id, tr, rate, latency, last };
}

/** Success rate, median latency and last attempt of each row, from its kept attempts of 24 h. */
async function fillStats(rows) {
  const queue = [...rows];
  const shown = viewCount;
  const worker = async () => {
    while (queue.length > 0 && stillShown(shown)) {
      const row = queue.shift();
      try {
        const { json } = await api('GET', `/v1/endpoints/${encodeURIComponent(row.id)}/attempts?limit=100`);
        const s = summarize(json.data);
        fill(row.rate, s.count === 0 ? '—' : percent(s.successRate));
        row.rate.title = s.count === 0 ? 'no attempt in 24 h' : `${s.count} attempts in 24 h (of the last 100 kept)`;
        fill(row.latency, ms(s.p50));
        fill(row.last, json.data.length === 0 ? '—' : h('span', {}, outcomeBadge(json.data[0].outcome), ' ', time(json.data[0].startedAt)));
      } catch (e) {
        fill(row.rate, '?');
        row.rate.title = e.message;
        fill(row.latency, '?');
        fill(row.last, '?');
      }
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
}

function summarize(attempts) {
  const since = Date.now() - 24 * 3600 * 1000;
  const recent = attempts.filter((a) => Date.parse(a.startedAt) >= since && a.outcome !== 'throttled');
  const delivered = recent.filter((a) => a.outcome === 'delivered').length;
  const durations = recent.map((a) => a.durationMs).sort((x, y) => x - y);
  return {
    count: recent.length,
    successRate: recent.length ? delivered / recent.length : null,
    p50: durations.length ? durations[Math.floor((durations.length - 1) / 2)] : null,
  };
}

// ---------------------------------------------------------------------------------------------
// One endpoint: its settings, actions and attempts

function endpointForm(existing, tenantValue, onSave) {
  const errors = h('div', {});
  const tenant = h('input', { id: 'ep-tenant', value: tenantValue || '', required: true, disabled: !!existing });
  const url = h('input', { id: 'ep-url', type: 'url', value: existing ? existing.url : '', required: true, size: 50, placeholder: 'https://example.com/webhooks' });
  const description = h('input', { id: 'ep-description', value: existing ? existing.description || '' : '', size: 40 });
  const types = h('input', { id: 'ep-types', value: existing && existing.eventTypes ? existing.eventTypes.join(', ') : '', size: 40, placeholder: 'order.*, invoice.paid (empty: all)' });
  const save = h('button', { type: 'submit' }, existing ? 'Save' : 'Create endpoint');
  const form = h('form', {
    class: 'card',
    onsubmit: (e) => {
      e.preventDefault();
      act(save, errors, async () => {
        const body = { url: url.value.trim(), description: description.value.trim() || null };
        const list = types.value.split(',').map((x) => x.trim()).filter((x) => x);
        body.eventTypes = list.length ? list : null;
        if (!existing) {
          body.tenant = tenant.value.trim();
          if (!body.description) delete body.description;
          if (!body.eventTypes) delete body.eventTypes;
        }
        await onSave(body);
      });
    },
  },
  h('div', { class: 'toolbar' }, field('Tenant', tenant), field('URL', url)),
  h('div', { class: 'toolbar' }, field('Description', description), field('Event types', types)),
  errors, save);
  return form;
}

function newEndpointView(params) {
  const result = h('div', {});
  const form = endpointForm(null, params.get('tenant') || sessionStorage.getItem(TENANT_KEY), async (body) => {
    const { json } = await api('POST', '/v1/endpoints', body);
    sessionStorage.setItem(TENANT_KEY, json.tenant);
    form.replaceWith(secretShown(json.id, json.secret, 'Endpoint created.'));
  });
  show(h('h1', {}, 'New endpoint'), form, result);
  form.querySelector('input:not([disabled])').focus();
}

/** A secret, shown once, with a copy button; and the way on to the endpoint. */
function secretShown(id, secret, title) {
  const value = h('code', { id: 'secret' }, secret);
  const status = h('span', { role: 'status', class: 'muted' });
  return h('div', { class: 'card' },
    notice(title + ' Copy its signing secret now: it is not shown again.'),
    h('div', { class: 'secret' }, value,
      h('button', {
        type: 'button',
        class: 'secondary',
        onclick: async () => {
          try {
            await navigator.clipboard.writeText(secret);
            status.textContent = 'Copied.';
          } catch {
            const range = document.createRange();
            range.selectNodeContents(value);
            getSelection().removeAllRanges();
            getSelection().addRange(range);
            status.textContent = 'Selected: press Ctrl+C to copy.';
          }
        },
      }, 'Copy secret'), status),
    h('p', {}, link('#/endpoint/' + encodeURIComponent(id), 'Go to endpoint ' + id)));
}

function endpointView(id, params) {
  const head = h('div', {}, loading('the endpoint'));
  const attempts = h('div', {});
  show(h('h1', {}, 'Endpoint ', h('code', {}, id)), head, attempts);
  let etag = null;
  const load = () => api('GET', '/v1/endpoints/' + encodeURIComponent(id)).then(({ json, headers }) => {
    etag = headers.get('ETag');
    renderHead(json);
  }).catch((e) => fill(head, alertBox(e)));
  const renderHead = (e) => {
    const errors = h('div', {});
    const out = h('div', {});
    const button = (text, cls, work) => actionButton(text, cls, errors, work);
    const reason = h('input', { id: 'disable-reason', placeholder: 'why (optional)', size: 24 });
    const actions = h('div', { class: 'toolbar' },
      button('Send test event', 'secondary', async () => {
        const { json } = await api('POST', `/v1/endpoints/${encodeURIComponent(id)}/test`, {});
        fill(out, h('div', { class: 'notice', role: 'status' }, 'Test event sent: ', link('#/event/' + encodeURIComponent(json.id), json.id)));
        const shown = viewCount;
        setTimeout(() => { if (stillShown(shown)) loadAttempts(); }, 1500);
      }),
      e.enabled
        ? h('span', { class: 'toolbar' }, field('Reason', reason), button('Disable', 'danger', async () => {
          const { json } = await api('POST', `/v1/endpoints/${encodeURIComponent(id)}/disable`, reason.value.trim() ? { reason: reason.value.trim() } : {});
          renderHead(json);
        }))
        : button('Enable', '', async () => {
          const { json } = await api('POST', `/v1/endpoints/${encodeURIComponent(id)}/enable`, {});
          renderHead(json);
        }),
      button('Rotate secret', 'secondary', async () => {
        if (!confirm('Rotate the signing secret? The old one keeps signing for 24 hours.')) return;
        const { json } = await api('POST', `/v1/endpoints/${encodeURIComponent(id)}/rotate-secret`, {});
        fill(out, secretShown(id, json.secret, 'Secret rotated.'));
      }),
      button('Edit', 'secondary', async () => {
        fill(out, endpointForm(e, e.tenant, async (body) => {
          const { json, headers } = await api('PATCH', '/v1/endpoints/' + encodeURIComponent(id), body, etag ? { 'If-Match': etag } : {});
          etag = headers.get('ETag');
          fill(out, notice('Saved.'));
          renderHead(json);
        }));
      }));
    fill(head, h('div', { class: 'card' },
      h('dl', { class: 'kv' },
        h('dt', {}, 'Tenant'), h('dd', {}, link('#/endpoints' + query({ tenant: e.tenant }), e.tenant)),
        h('dt', {}, 'URL'), h('dd', { class: 'url' }, e.url),
        h('dt', {}, 'Description'), h('dd', {}, e.description || '—'),
        h('dt', {}, 'Event types'), h('dd', {}, e.eventTypes && e.eventTypes.length ? e.eventTypes.join(', ') : 'all'),
        h('dt', {}, 'State'), h('dd', {}, stateOf(e)),
        h('dt', {}, 'Rate limit'), h('dd', {}, e.rateLimit ? `${e.rateLimit.perSecond}/s (burst ${e.rateLimit.burst})` : '—'),
        h('dt', {}, 'Updated'), h('dd', {}, time(e.updatedAt))),
      actions, errors, out));
  };
  const outcome = h('select', { id: 'outcome' },
    ['', 'delivered', 'retrying', 'dead', 'throttled'].map((o) => h('option', { value: o, selected: (params.get('outcome') || '') === o }, o || 'all')));
  outcome.addEventListener('change', () => loadAttempts());
  const list = h('div', {});
  attempts.append(h('h2', {}, 'Attempts, newest first'), h('div', { class: 'toolbar' }, field('Outcome', outcome),
    h('button', { type: 'button', class: 'secondary', onclick: () => loadAttempts() }, 'Refresh')), list);
  const loadAttempts = () => {
    fill(list, loading('attempts'));
    return api('GET', `/v1/endpoints/${encodeURIComponent(id)}/attempts` + query({ outcome: outcome.value, limit: 100 }))
      .then(({ json }) => {
        fill(list, json.data.length === 0
          ? h('p', { class: 'muted' }, 'No attempts kept for this endpoint.')
          : table(['When', 'Event', { text: 'Attempt', num: true }, 'Outcome', { text: 'Status', num: true }, { text: 'Duration', num: true }, 'Error', 'Response'],
            json.data.map((a) => h('tr', { class: 'attempt' },
              h('td', {}, time(a.startedAt)),
              h('td', {}, a.eventId ? link('#/event/' + encodeURIComponent(a.eventId), a.eventId) : '—'),
              h('td', { class: 'num' }, a.attempt),
              h('td', {}, outcomeBadge(a.outcome)),
              h('td', { class: 'num status' }, a.statusCode === undefined ? '—' : a.statusCode),
              h('td', { class: 'num' }, ms(a.durationMs)),
              h('td', {}, a.error || ''),
              h('td', {}, a.responseSnippet ? h('pre', { class: 'snippet' }, a.responseSnippet) : ''))), 'Attempts'));
      })
      .catch((e) => fill(list, alertBox(e)));
  };
  load();
  loadAttempts();
}

// ---------------------------------------------------------------------------------------------
// An event: its deliveries and their attempts

function eventView(id) {
  const input = h('input', { id: 'event-id', value: id || '', required: true, size: 40, placeholder: 'evt_…' });
  const body = h('div', {});
  show(h('h1', {}, 'Event'),
    h('form', { class: 'inline', onsubmit: (e) => { e.preventDefault(); go('#/event/' + encodeURIComponent(input.value.trim())); } },
      field('Event id', input), h('button', { type: 'submit' }, 'Find')),
    body);
  if (!id) {
    input.focus();
    return;
  }
  body.append(loading('the event'));
  api('GET', '/v1/events/' + encodeURIComponent(id)).then(({ json }) => {
    fill(body, 
      h('p', {}, 'Tenant ', h('strong', {}, json.tenant), ' · ', Object.entries(json.states).map(([s, n]) => `${n} ${s}`).join(', ')),
      json.deliveries.map((d) => h('div', { class: 'card delivery' },
        h('h2', {}, 'To ', link('#/endpoint/' + encodeURIComponent(d.endpointId), d.endpointId), ' ', h('span', { class: 'badge' }, d.state || 'unknown')),
        h('p', { class: 'muted' }, `Delivery ${d.deliveryId}; ${d.attemptRecords} attempt records`),
        h('ol', { class: 'timeline' }, d.attempts.map((a) => h('li', {},
          time(a.startedAt), ' · attempt ', a.attempt, ' · ', outcomeBadge(a.outcome),
          a.statusCode !== undefined ? ` · HTTP ${a.statusCode}` : '', ` · ${a.durationMs} ms`,
          a.error ? ' · ' + a.error : '', a.next ? ` · next: ${a.next}` : '',
          a.responseSnippet ? h('pre', {}, a.responseSnippet) : null))),
        d.deadLetter ? h('p', { class: 'bad' }, `Dead letter: ${d.deadLetter.reason} at ${time(d.deadLetter.deadAt)}`, ' · ', link('#/dlq' + query({ endpoint: d.endpointId }), 'see the DLQ')) : null)));
  }).catch((e) => fill(body, alertBox(e)));
}

// ---------------------------------------------------------------------------------------------
// The DLQ: filters, entries, replay

const FILTERS = ['endpoint', 'tenant', 'type', 'reason', 'since', 'until'];
const REASONS = ['exhausted', 'rejected', 'endpoint-gone', 'endpoint-disabled', 'endpoint-deleted', 'expired', 'poison'];

function dlqView(params) {
  const inputs = {};
  for (const f of FILTERS) {
    inputs[f] = f === 'reason'
      ? h('select', { id: 'f-reason' }, ['', ...REASONS].map((r) => h('option', { value: r, selected: params.get('reason') === r }, r || 'any')))
      : h('input', { id: 'f-' + f, value: params.get(f) || '', size: f === 'since' || f === 'until' ? 22 : 16, placeholder: { since: '24h or 2026-12-01T00:00:00Z', until: '', type: 'order.*', endpoint: 'ep_…', tenant: '' }[f] });
  }
  const filterForm = h('form', {
    class: 'inline card',
    onsubmit: (e) => {
      e.preventDefault();
      const q = {};
      for (const f of FILTERS) q[f] = inputs[f].value.trim();
      go('#/dlq' + query(q));
    },
  }, FILTERS.map((f) => field(f[0].toUpperCase() + f.slice(1), inputs[f])), h('button', { type: 'submit' }, 'Filter'),
  h('button', { type: 'button', class: 'secondary', onclick: () => loadList() }, 'Refresh'));
  const filters = {};
  for (const f of FILTERS) if (params.get(f)) filters[f] = params.get(f);
  const list = h('div', {}, loading('dead letters'));
  const rate = h('input', { id: 'replay-rate', type: 'number', min: '0.1', step: 'any', size: 6, placeholder: 'all at once' });
  const force = h('input', { id: 'replay-force', type: 'checkbox' });
  const result = h('div', { id: 'replay-result', 'aria-live': 'polite' });
  const selected = new Set();
  const count = h('span', { class: 'muted', role: 'status' }, 'none selected');
  const errors = h('div', {});
  const button = (text, cls, selection, dryRun) => actionButton(text, cls, errors, async () => {
    await replay(selection(), dryRun, rate, force, result);
    if (!dryRun) loadList();
  });
  const bySelection = () => {
    if (selected.size === 0) throw new Error('Select entries first, or replay the whole filter.');
    return { refs: [...selected] };
  };
  const byFilter = () => {
    if (Object.keys(filters).length === 0 && !confirm('No filter is set: this takes every entry in the DLQ. Go on?')) {
      throw new Error('Nothing was done: set a filter first, or confirm.');
    }
    const body = {};
    for (const [f, v] of Object.entries(filters)) body[f] = f === 'since' || f === 'until' ? v : v.split(',').map((x) => x.trim()).filter((x) => x);
    return body;
  };
  const actions = h('div', { class: 'card' },
    h('div', { class: 'toolbar' },
      field('Rate (per second)', rate), h('label', { class: 'check' }, force, 'Force (replayed before, or disabled endpoint)')),
    h('div', { class: 'toolbar' },
      count,
      button('Dry run selected', 'secondary', bySelection, true),
      button('Replay selected', '', bySelection, false),
      button('Dry run whole filter', 'secondary', byFilter, true),
      button('Replay whole filter', '', byFilter, false)),
    errors, result);
  show(h('h1', {}, 'Dead letters'), filterForm, actions, list);
  const cursor = params.get('cursor') || '';
  const previous = (params.get('prev') || '').split('|').filter((x) => x !== '');
  const loadList = () => api('GET', '/v1/dlq' + query({ ...filters, limit: PAGE, cursor })).then(({ json }) => {
    selected.clear();
    count.textContent = 'none selected';
    const all = h('input', { type: 'checkbox', 'aria-label': 'Select all on this page' });
    const boxes = [];
    const rows = json.data.map((e) => {
      const box = h('input', { type: 'checkbox', 'aria-label': 'Select ' + e.ref, value: e.ref });
      boxes.push(box);
      box.addEventListener('change', () => {
        if (box.checked) selected.add(e.ref); else selected.delete(e.ref);
        count.textContent = selected.size ? `${selected.size} selected` : 'none selected';
      });
      return h('tr', { 'data-ref': e.ref },
        h('td', {}, box),
        h('td', {}, link('#/dlq/' + encodeURIComponent(e.ref), e.ref)),
        h('td', {}, time(e.deadAt)),
        h('td', {}, e.endpointId ? link('#/endpoint/' + encodeURIComponent(e.endpointId), e.endpointId) : '—'),
        h('td', {}, e.tenant || '—'),
        h('td', {}, e.eventType || '—'),
        h('td', {}, e.reason),
        h('td', { class: 'num' }, e.lastStatus === undefined ? '—' : e.lastStatus),
        h('td', { class: 'num' }, e.attempts),
        h('td', { class: 'replayed' }, e.replayed ? 'yes ' + (e.replayedAt ? time(e.replayedAt) : '') : 'no'));
    });
    all.addEventListener('change', () => boxes.forEach((b) => { b.checked = all.checked; b.dispatchEvent(new Event('change')); }));
    const pageLink = (c, prev, text) => link('#/dlq' + query({ ...filters, cursor: c, prev: prev.join('|') }), text);
    fill(list, 
      json.unreadable ? alertBox(`${json.unreadable} records on this page are not dead letters (skipped).`) : null,
      json.data.length === 0 ? h('p', { class: 'muted' }, 'No dead letters match.') : table(
        [h('span', {}, all), 'Ref', 'Dead at', 'Endpoint', 'Tenant', 'Type', 'Reason', { text: 'Status', num: true }, { text: 'Attempts', num: true }, 'Replayed'],
        rows, 'Dead letters'),
      h('div', { class: 'pager' },
        cursor ? pageLink(previous[previous.length - 1] || '', previous.slice(0, -1), '← Previous') : null,
        json.nextCursor ? pageLink(json.nextCursor, [...previous, cursor], 'Next →') : null));
  }).catch((e) => fill(list, alertBox(e)));
  loadList();
}

/** Runs a dry run or a replay and shows its summary; follows a long replay to its end. */
async function replay(selection, dryRun, rateInput, forceInput, result) {
  const body = { ...selection, dryRun };
  if (rateInput.value) body.rate = Number(rateInput.value);
  if (forceInput.checked) body.force = true;
  fill(result, loading(dryRun ? 'the dry run' : 'the replay'));
  const { status, json } = await api('POST', '/v1/dlq/replay', body);
  if (status === 202) {
    await follow(json, result);
    return;
  }
  fill(result, summaryView(json));
}

async function follow(run, result) {
  const shown = viewCount;
  const bar = h('progress', { max: run.selected || 1, value: run.replayed });
  const text = h('p', { role: 'status' });
  fill(result, h('div', {}, text, bar));
  for (;;) {
    text.textContent = `Replay ${run.run}: ${run.state}, ${run.replayed} of ${run.selected ?? '?'} sent`;
    bar.max = run.selected || 1;
    bar.value = run.replayed;
    if (run.state === 'done' || run.state === 'failed') break;
    await new Promise((r) => setTimeout(r, 1000));
    if (!stillShown(shown)) return; // the replay goes on; its page stopped following it
    run = (await api('GET', '/v1/dlq/replays/' + encodeURIComponent(run.run))).json;
  }
  fill(result, run.error ? alertBox(run.error) : null, run.summary ? summaryView(run.summary) : null);
}

function summaryView(s) {
  const lines = [];
  if (s.dryRun) lines.push(`Dry run: would replay ${s.selected} entries; nothing was sent.`);
  else lines.push(`Replayed ${s.replayed} of ${s.selected} entries` + (s.run ? ` (run ${s.run})` : '') + '.');
  if (s.alreadyReplayed) lines.push(`Skipped ${s.alreadyReplayed} replayed before (Force sends them again).`);
  if (s.poison) lines.push(`Skipped ${s.poison} without a delivery to replay.`);
  if (s.moreBeyondLimit) lines.push('More entries match beyond the limit.');
  if (s.missing && s.missing.length) lines.push(`Gone from the DLQ before they were sent: ${s.missing.join(', ')}.`);
  if (s.uncertain) lines.push(`Uncertain: the commit of the last ${s.uncertain} timed out.`);
  if (s.stopped) lines.push('Stopped before the end: the ledger records what was sent; replay again for the rest.');
  return h('div', { class: 'card summary' },
    lines.map((l) => h('p', {}, l)),
    (s.refusedEndpoints || []).map((r) => h('p', { class: 'bad' }, `Refused ${r.entries}: ${r.reason}.`)),
    s.entries && s.entries.length ? table(['Ref', 'Endpoint', 'Type', 'Dead at'], s.entries.map((e) => h('tr', {},
      h('td', {}, e.ref), h('td', {}, e.endpointId || '—'), h('td', {}, e.eventType || '—'), h('td', {}, time(e.deadAt)))), 'Would be sent') : null);
}

function dlqEntryView(ref) {
  const body = h('div', {}, loading('the entry'));
  show(h('h1', {}, 'Dead letter ', h('code', {}, ref)), h('p', {}, link('#/dlq', '← All dead letters')), body);
  api('GET', '/v1/dlq/' + encodeURIComponent(ref)).then(({ json }) => {
    const d = typeof json.deadLetter === 'object' && json.deadLetter ? json.deadLetter : null;
    const delivery = d && d.delivery;
    const rate = h('input', { id: 'replay-rate', type: 'number', min: '0.1', step: 'any', hidden: true });
    const force = h('input', { id: 'replay-force', type: 'checkbox' });
    const result = h('div', { 'aria-live': 'polite' });
    const errors = h('div', {});
    const button = (text, cls, dryRun) =>
      actionButton(text, cls, errors, () => replay({ refs: [ref] }, dryRun, rate, force, result));
    fill(body, 
      h('div', { class: 'card' }, h('dl', { class: 'kv' },
        h('dt', {}, 'Reason'), h('dd', {}, d ? d.reason : 'not a dead letter'),
        h('dt', {}, 'Dead at'), h('dd', {}, d ? time(d.deadAt) : '—'),
        h('dt', {}, 'Endpoint'), h('dd', {}, delivery ? link('#/endpoint/' + encodeURIComponent(delivery.endpointId), delivery.endpointId) : '—'),
        h('dt', {}, 'Event'), h('dd', {}, delivery ? link('#/event/' + encodeURIComponent(delivery.eventId), delivery.eventId) : '—'),
        h('dt', {}, 'Type'), h('dd', {}, delivery ? delivery.eventType : '—'),
        h('dt', {}, 'Last error'), h('dd', {}, d && d.lastError ? d.lastError : '—'),
        h('dt', {}, 'Replayed'), h('dd', {}, json.replay ? `${time(json.replay.replayedAt)} by ${json.replay.replayedBy} (run ${json.replay.run})` : 'no')),
      delivery ? h('div', { class: 'toolbar' }, h('label', { class: 'check' }, force, 'Force'), button('Dry run', 'secondary', true), button('Replay this entry', '', false)) : null,
      errors, result),
      delivery ? [h('h2', {}, 'Payload'), h('pre', {}, typeof delivery.payload === 'string' ? delivery.payload : JSON.stringify(delivery.payload, null, 2))] : null,
      json.originalText ? [h('h2', {}, 'Original bytes'), h('pre', {}, json.originalText)] : null,
      typeof json.deadLetter === 'string' ? [h('h2', {}, 'Record'), h('pre', {}, json.deadLetter)] : null,
      h('h2', {}, 'Attempts'),
      json.attempts.length === 0 ? h('p', { class: 'muted' }, 'No attempts found on the attempts topic.') : table(
        ['When', { text: 'Attempt', num: true }, 'Outcome', { text: 'Status', num: true }, { text: 'Duration', num: true }, 'Error', 'Response'],
        json.attempts.map((a) => h('tr', {}, h('td', {}, time(a.startedAt)), h('td', { class: 'num' }, a.attempt), h('td', {}, outcomeBadge(a.outcome)),
          h('td', { class: 'num' }, a.statusCode ?? '—'), h('td', { class: 'num' }, ms(a.durationMs)), h('td', {}, a.error || ''),
          h('td', {}, a.responseSnippet ? h('pre', {}, a.responseSnippet) : ''))), 'Attempts'));
  }).catch((e) => fill(body, alertBox(e)));
}

// ---------------------------------------------------------------------------------------------
// Stats

function statsView(params) {
  const tenant = h('input', { id: 'stats-tenant', value: params.get('tenant') || '', placeholder: 'all tenants' });
  const hours = h('select', { id: 'stats-hours' }, [6, 24, 72, 168].map((n) => h('option', { value: n, selected: Number(params.get('hours') || 24) === n }, n + ' h')));
  const body = h('div', {}, loading('stats'));
  const updated = h('p', { class: 'muted', role: 'status' });
  show(h('h1', {}, 'Stats'),
    h('form', { class: 'inline', onsubmit: (e) => { e.preventDefault(); go('#/stats' + query({ tenant: tenant.value.trim(), hours: hours.value })); } },
      field('Tenant', tenant), field('Window', hours), h('button', { type: 'submit' }, 'Show')),
    body, updated);
  const load = () => api('GET', '/v1/stats' + query({ tenant: params.get('tenant'), hours: params.get('hours') || 24, series: 'hour' }))
    .then(({ json }) => {
      const a = json.attempts;
      fill(body, 
        h('div', { class: 'tiles' },
          tile('Attempts', a.total), tile('Attempt success', percent(a.successRate)),
          tile('Delivery success', percent(json.deliveries.successRate)),
          tile('Request p50 / p99', `${ms(json.requestDurationMs.p50)} / ${ms(json.requestDurationMs.p99)}`),
          tile('Delivery latency p50 / p99', `${ms(json.deliveryLatencyMs.p50)} / ${ms(json.deliveryLatencyMs.p99)}`),
          tile('DLQ size (all tenants)', json.dlq.records ?? '—')),
        h('h2', {}, 'Attempts by outcome, per hour'),
        chart(json.series || []),
        h('div', { class: 'legend' }, ['delivered', 'retrying', 'dead', 'throttled'].map((o) => h('span', {}, h('span', { class: 'sw ' + o }), o))));
      updated.textContent = 'Updated ' + new Date().toLocaleTimeString() + '; refreshes every ' + STATS_REFRESH_MS / 1000 + ' s.';
    })
    .catch((e) => fill(body, alertBox(e)));
  let timer = null;
  const shown = viewCount;
  const cycle = () => load().finally(() => {
    if (stillShown(shown)) timer = setTimeout(cycle, STATS_REFRESH_MS); // the next after this one
  });
  cycle();
  leaveView = () => clearTimeout(timer);
}

function tile(key, value) {
  return h('div', { class: 'tile' }, h('div', { class: 'k' }, key), h('div', { class: 'v' }, value));
}

const SVG = 'http://www.w3.org/2000/svg';
const COLORS = { delivered: '#2da44e', retrying: '#d4a72c', dead: '#cf222e', throttled: '#8c959f' };

/** A stacked bar per hour, drawn as SVG elements (no chart library). */
function chart(series) {
  const W = 960, H = 220, pad = 28;
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.setAttribute('class', 'chart');
  svg.setAttribute('role', 'img');
  const total = series.reduce((n, p) => n + p.attempts.total, 0);
  svg.setAttribute('aria-label', `Attempts per hour over ${series.length} hours: ${total} in all`);
  const max = Math.max(1, ...series.map((p) => p.attempts.total));
  const bw = (W - pad * 2) / Math.max(1, series.length);
  const el = (name, attrs, text) => {
    const e = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    svg.append(e);
    return e;
  };
  el('text', { x: 4, y: 14, 'font-size': 11, fill: '#5b6470' }, String(max));
  el('line', { x1: pad, y1: H - pad, x2: W - pad, y2: H - pad, stroke: '#d8dde3' });
  series.forEach((p, i) => {
    let y = H - pad;
    for (const o of ['delivered', 'retrying', 'dead', 'throttled']) {
      const n = p.attempts[o];
      if (!n) continue;
      const hgt = (n / max) * (H - pad * 2);
      y -= hgt;
      const r = el('rect', { x: pad + i * bw + 1, y, width: Math.max(1, bw - 2), height: hgt, fill: COLORS[o] });
      const title = document.createElementNS(SVG, 'title');
      title.textContent = `${time(p.from)}: ${n} ${o}`;
      r.append(title);
    }
    if (i % Math.ceil(series.length / 8) === 0) {
      el('text', { x: pad + i * bw, y: H - 8, 'font-size': 11, fill: '#5b6470' }, new Date(p.from).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }));
    }
  });
  return svg;
}

// ---------------------------------------------------------------------------------------------
// Routing: #/view/arg?query

function render() {
  leaveView();
  leaveView = () => {};
  viewCount++;
  const hash = location.hash.replace(/^#/, '') || '/endpoints';
  const [path, search] = hash.split('?');
  const params = new URLSearchParams(search || '');
  const parts = path.split('/').filter((p) => p).map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return p;
    }
  });
  if (!sessionStorage.getItem(TOKEN_KEY) || parts[0] === 'signin') {
    if (parts[0] !== 'signin' && location.hash) sessionStorage.setItem('hookline.wanted', location.hash);
    signInView();
    return;
  }
  const nav = document.getElementById('nav');
  nav.hidden = false;
  const section = { endpoint: 'endpoints', endpoints: 'endpoints', event: 'event', dlq: 'dlq', stats: 'stats' }[parts[0]] || 'endpoints';
  for (const a of nav.querySelectorAll('a')) {
    if (a.dataset.view === section) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  switch (parts[0]) {
    case 'endpoints':
      if (parts[1] === 'new') newEndpointView(params); else endpointsView(params);
      break;
    case 'endpoint': endpointView(parts[1], params); break;
    case 'event': eventView(parts[1]); break;
    case 'dlq':
      if (parts[1]) dlqEntryView(parts[1]); else dlqView(params);
      break;
    case 'stats': statsView(params); break;
    default: endpointsView(params);
  }
}

document.getElementById('signout').addEventListener('click', () => signOut());
window.addEventListener('hashchange', () => render());
render();
