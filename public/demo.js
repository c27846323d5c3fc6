/*
 * Acme Cloud Help Centre demo: the decorative bits of the page and the developer panel.
 * Plain browser JS, no build step, no inline code (the page runs under `default-src 'self'`).
 *
 * Everything the panel shows comes from public surfaces:
 *   - widget events:     SupportCopilot('on', '*', fn)
 *   - outbox counts:     SupportCopilot('stats') and SupportCopilot('identity') once the script has
 *                        loaded; before that, the IndexedDB outbox read-only and the visitor's
 *                        choices made here (see readStats() / readIdentity()).
 *   - the collector:     GET /conversations (bearer key) and, only when the collector says its admin
 *                        routes are on (<meta name="collector-admin" content="on">, set by
 *                        server/static.ts), the admin API: otherwise the page never calls it.
 */
(function () {
  'use strict';

  var API_KEY = 'demo-web-key';
  // Web keys only write (as on the hosted API): the panel reads what arrived with the collector's API key.
  var AUTH = { Authorization: 'Bearer demo-api-key' };
  var OUTBOX_DB = 'support-copilot:v1'; // src/storage/idb-store.ts
  var CONV_KEY = 'support-copilot:v1:conversation'; // src/storage/current-conversation.ts
  var SESSION_ID_KEY = 'support-copilot:v1:anonymous-id'; // src/storage/identity-store.ts
  var COOKIE_NAME = 'inkeepUsagePreferences_userId'; // default cookieName
  var DEMO_USER = { id: 'u_42', email: 'ada@example.com', name: 'Ada Lovelace' };
  var ANALYTICS_PATH = /^\/(conversations|feedback|events)(\/|$)/;
  var ADMIN = (document.querySelector('meta[name="collector-admin"]') || {}).content === 'on';

  var $ = function (id) { return document.getElementById(id); };
  var sc = function () { return window.SupportCopilot.apply(null, arguments); };

  function stored(key) {
    try { return JSON.parse(localStorage.getItem(key) || 'null'); } catch (e) { return null; }
  }
  function store(key, value) {
    try {
      if (value == null) localStorage.removeItem(key);
      else localStorage.setItem(key, JSON.stringify(value));
    } catch (e) { /* private mode: the choice lasts for this page */ }
  }

  var state = {
    ready: false,
    failed: false,
    user: stored('acme-demo:user'),
    consent: stored('acme-demo:consent') || {},
    inFlight: 0,
    lastConvId: null,
    logSince: 0,
    deliveries: [],
    events: [],
    collectorIdentity: null,
  };

  // ---------------------------------------------------------------- requests in flight
  // The widget calls the global `fetch` at send time, so wrapping it here sees every delivery.
  // The wrapper only counts; it passes arguments and results through untouched.
  var pageFetch = window.fetch.bind(window);
  window.fetch = function (input, init) {
    var url;
    try { url = new URL(input instanceof Request ? input.url : String(input), location.href); } catch (e) { url = null; }
    var method = ((init && init.method) || (input instanceof Request && input.method) || 'GET').toUpperCase();
    if (!url || url.origin !== location.origin || method !== 'POST' || !ANALYTICS_PATH.test(url.pathname)) return pageFetch(input, init);
    state.inFlight++;
    refreshSoon();
    return pageFetch(input, init).finally(function () {
      state.inFlight--;
      refreshSoon();
    });
  };

  // ---------------------------------------------------------------- outbox and identity
  /** The widget's outbox, read-only. Never creates the database: that is the widget's job. */
  function readOutbox() {
    return new Promise(function (resolve) {
      if (!window.indexedDB) return resolve(null);
      var list = indexedDB.databases ? indexedDB.databases() : Promise.resolve(null);
      list.then(function (dbs) {
        if (dbs && !dbs.some(function (d) { return d.name === OUTBOX_DB; })) return resolve({ exists: false, records: [] });
        var req = indexedDB.open(OUTBOX_DB);
        req.onupgradeneeded = function () { req.transaction.abort(); }; // it did not exist after all
        req.onerror = function (e) { e.preventDefault(); resolve({ exists: false, records: [] }); };
        req.onblocked = function () { resolve(null); };
        req.onsuccess = function () {
          var db = req.result;
          db.onversionchange = function () { db.close(); };
          if (!db.objectStoreNames.contains('outbox')) { db.close(); return resolve({ exists: false, records: [] }); }
          var get = db.transaction('outbox', 'readonly').objectStore('outbox').getAll();
          get.onsuccess = function () { db.close(); resolve({ exists: true, records: get.result }); };
          get.onerror = function () { db.close(); resolve(null); };
        };
      }, function () { resolve(null); });
    });
  }

  /** SupportCopilot('stats') once loaded; before that, counted from the stored outbox. */
  function readStats() {
    var live = window.SupportCopilot && window.SupportCopilot.loaded && SupportCopilot('stats');
    if (live) return Promise.resolve(live);
    return readOutbox().then(function (outbox) {
      if (!outbox) return null;
      var s = { pending: 0, inFlight: state.inFlight, delivered: 0, rejected: 0, blocked: 0, storage: '–' };
      outbox.records.forEach(function (r) {
        if (!r || typeof r !== 'object') return;
        if (r.state === 'rejected') s.rejected++;
        else if (r.state === 'blocked') s.blocked++;
        else if (r.rev > r.ackedRev) s.pending++;
        else s.delivered++;
      });
      if (outbox.exists) s.storage = 'IndexedDB';
      else if (state.ready) s.storage = 'memory';
      return s;
    });
  }

  function cookie(name) {
    var hit = document.cookie.split(/;\s*/).find(function (p) { return p.indexOf(name + '=') === 0; });
    return hit ? decodeURIComponent(hit.slice(name.length + 1)) : null;
  }
  function session(key) {
    try { return sessionStorage.getItem(key); } catch (e) { return null; }
  }

  /** What logger.identity() would say, from the choices made here and where the widget keeps the anonymous id. */
  function readIdentity() {
    var live = window.SupportCopilot && window.SupportCopilot.loaded && SupportCopilot('identity');
    if (live) return { id: String(live.id), type: live.identificationType };
    if (state.user && state.user.id != null) return { id: String(state.user.id), type: 'ID_PROVIDED' };
    if (state.consent.optOutAnalyticalCookies) return { id: session(SESSION_ID_KEY), type: 'ANONYMOUS' };
    return { id: cookie(COOKIE_NAME), type: 'COOKIED' };
  }

  function currentConversationId() {
    try {
      return (state.consent.optOutFunctionalCookies ? sessionStorage : localStorage).getItem(CONV_KEY) || state.lastConvId;
    } catch (e) {
      return state.lastConvId;
    }
  }

  // ---------------------------------------------------------------- rendering helpers
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') node.textContent = attrs[k];
      else if (k === 'class') node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.append(c); });
    return node;
  }
  function setText(id, text) {
    var node = $(id);
    if (node && node.textContent !== String(text)) node.textContent = String(text);
  }
  function shortId(id) {
    id = String(id || '');
    return id.length > 16 ? id.slice(0, 8) + '…' + id.slice(-4) : id;
  }
  function clock(date) {
    return new Date(date).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
  }
  function clip(text, n) {
    text = String(text == null ? '' : text).replace(/\s+/g, ' ').trim();
    return text.length > n ? text.slice(0, n - 1) + '…' : text;
  }
  /** Markdown as one line of plain text, for previews. */
  function plain(md) {
    return String(md == null ? '' : md)
      .replace(/```[\w-]*\n?/g, ' ')
      .replace(/`([^`]*)`/g, '$1')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/\*\*([^*]+)\*\*/g, '$1');
  }
  function replaceList(list, items, emptyText) {
    list.replaceChildren.apply(list, items.length ? items : [el('li', { class: 'empty', text: emptyText })]);
  }

  // ---------------------------------------------------------------- panel: widget, identity, outbox
  var refreshQueued = false;
  function refreshSoon() {
    if (refreshQueued) return;
    refreshQueued = true;
    setTimeout(function () {
      refreshQueued = false;
      refresh();
    }, 50);
  }

  function refresh() {
    var status = $('w-status');
    var tone = state.failed ? 'bad' : state.ready ? 'good' : 'wait';
    setText('w-status', state.failed ? 'script failed to load' : state.ready ? 'ready' : 'loading…');
    status.dataset.tone = tone;
    var conv = currentConversationId();
    setText('w-conv', conv ? shortId(conv) : '—');
    $('w-conv').title = conv || '';

    var who = readIdentity();
    setText('id-value', who.id || '(not set yet)');
    setText('id-type', who.type);
    $('id-type').dataset.tone = who.type === 'ID_PROVIDED' ? 'good' : who.type === 'COOKIED' ? 'info' : 'wait';
    var optedOut = !!state.consent.optOutAnalyticalCookies;
    setText('id-consent', optedOut ? 'analytical cookies refused' : 'analytical cookies allowed');
    $('btn-consent').setAttribute('aria-pressed', String(optedOut));
    setText('btn-consent', optedOut ? 'Allow analytical cookies' : 'Opt out of analytical cookies');
    $('btn-identify').disabled = !!(state.user && state.user.id === DEMO_USER.id);
    var seen = state.collectorIdentity;
    setText('id-note', seen ? 'Collector last received: ' + (seen.identificationType || '?') + ' · ' + (seen.id == null ? '?' : seen.id) : '');

    readStats().then(function (s) {
      var fields = { 's-pending': 'pending', 's-inflight': 'inFlight', 's-delivered': 'delivered', 's-rejected': 'rejected', 's-blocked': 'blocked' };
      Object.keys(fields).forEach(function (id) {
        var v = s ? s[fields[id]] : '–';
        setText(id, v);
        $(id).parentElement.dataset.hot = String(!!s && v > 0 && id !== 's-delivered');
      });
      setText('s-storage', s ? s.storage : 'unknown');
      setText('outbox-note', s && s.blocked > 0 ? 'Blocked by a 401/403: nothing is sent until the configuration changes. Use “Re-apply API key”.' : '');
      setText('s-updated', clock(Date.now()));
    });
  }

  // ---------------------------------------------------------------- widget events
  function logEvent(name, props, tone) {
    var detail = props && (props.code || props.error || (props.message && props.message.content));
    state.events.unshift({ at: Date.now(), name: name, detail: detail ? clip(detail, 80) : '', tone: tone || '' });
    state.events.length = Math.min(state.events.length, 15);
    replaceList($('event-list'), state.events.map(function (e) {
      return el('li', { class: e.tone }, [
        el('time', { text: clock(e.at) }),
        el('code', { text: e.name }),
        e.detail ? el('span', { text: e.detail }) : null,
      ]);
    }), 'None yet.');
  }

  sc('on', '*', function (event) {
    var p = event.properties || {};
    if (p.conversation && p.conversation.id) state.lastConvId = p.conversation.id;
    if (event.eventName === 'widget_ready') state.ready = true;
    logEvent(event.eventName, p, event.eventName === 'error' || event.eventName === 'chat_error' ? 'bad' : '');
    refreshSoon();
  });
  // Command errors (bad arguments) are dispatched on the document only.
  document.addEventListener('support-copilot:error', function (e) {
    if (e.target !== document) return; // widget errors also arrive as the 'error' event above
    logEvent('command error', { message: e.detail && e.detail.message }, 'bad');
  });
  window.addEventListener('error', function (e) {
    if (e.target && e.target.tagName === 'SCRIPT' && /support-copilot\.js/.test(e.target.src)) {
      state.failed = true;
      refreshSoon();
    }
  }, true);

  // ---------------------------------------------------------------- panel buttons
  document.addEventListener('click', function (e) {
    var button = e.target.closest && e.target.closest('button[data-cmd]');
    if (button) sc(button.dataset.cmd);
  });

  $('btn-identify').addEventListener('click', function () {
    state.user = DEMO_USER;
    store('acme-demo:user', DEMO_USER);
    sc('identify', DEMO_USER);
    refreshSoon();
  });
  $('btn-reset').addEventListener('click', function () {
    state.user = null;
    store('acme-demo:user', null);
    sc('reset');
    state.lastConvId = null;
    logEvent('reset (new anonymous id, new conversation)');
    refreshSoon();
  });
  $('btn-consent').addEventListener('click', function () {
    var next = { optOutAnalyticalCookies: !state.consent.optOutAnalyticalCookies };
    state.consent = Object.assign({}, state.consent, next);
    store('acme-demo:consent', state.consent);
    sc('setConsent', next);
    refreshSoon();
  });

  // ---------------------------------------------------------------- answer backend
  // The collector answers /v1/demo/chat in each protocol (server/demo-protocols.ts); the choice is
  // kept for the next load (public/stub.js replays it at init).
  var backend = stored('acme-demo:chat');
  function chatFor(protocol, reasoning, cut) {
    if (!protocol) return { url: '/v1/chat/completions' };
    var q = new URLSearchParams({ protocol: protocol });
    if (reasoning) q.set('reasoning', '1');
    if (cut) q.set('cut', '1');
    return { url: '/v1/demo/chat?' + q, protocol: protocol };
  }
  if (backend && backend.url) {
    var chosen = new URL(backend.url, location.href).searchParams;
    $('be-protocol').value = backend.protocol || '';
    $('be-reasoning').checked = chosen.get('reasoning') === '1';
    $('be-cut').checked = chosen.get('cut') === '1';
  }
  function applyBackend() {
    var protocol = $('be-protocol').value;
    $('be-reasoning').disabled = $('be-cut').disabled = !protocol;
    var chat = chatFor(protocol, $('be-reasoning').checked, $('be-cut').checked);
    store('acme-demo:chat', protocol ? chat : null);
    sc('update', { chat: chat });
    setText('be-note', protocol ? 'Next answers: ' + $('be-protocol').selectedOptions[0].textContent + '.' : '');
  }
  ['be-protocol', 'be-reasoning', 'be-cut'].forEach(function (id) { $(id).addEventListener('change', applyBackend); });
  $('be-reasoning').disabled = $('be-cut').disabled = !$('be-protocol').value;

  // ---------------------------------------------------------------- faults (admin API)
  var FAULTS = {
    offline: { path: '/conversations', mode: 'drop', count: -1 },
    500: { path: '/conversations', status: 500, count: 3 },
    429: { path: '/conversations', status: 429, retryAfter: '5', count: 1 },
    401: { path: '/conversations', status: 401, count: 3 },
  };

  function note(text, tone) {
    setText('fault-note', text);
    $('fault-note').dataset.tone = tone || '';
  }
  function admin(method, path, body) {
    return pageFetch(path, {
      method: method,
      headers: body ? { 'Content-Type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    }).then(function (res) {
      if (!res.ok) return res.text().then(function (t) { throw new Error('HTTP ' + res.status + ': ' + clip(t, 160)); });
      return res.status === 204 ? null : res.json();
    });
  }
  /** Only this page's rules: the collector may be shared with tests using their own keys. */
  var OWN_FAULTS = '/__admin/faults?' + new URLSearchParams({ key: API_KEY });
  function clearOwnFaults() {
    return admin('DELETE', OWN_FAULTS);
  }

  document.querySelectorAll('button[data-fault]').forEach(function (button) {
    button.addEventListener('click', function () {
      var which = button.dataset.fault;
      var work = which === 'online'
        ? clearOwnFaults().then(function () {
            sc('flush'); // what the browser's `online` event would trigger
            return 'Back online: faults cleared, flushing.';
          })
        : admin('POST', '/__admin/faults', Object.assign({ key: API_KEY }, FAULTS[which])).then(function () {
            return button.textContent.trim() + ': armed. Send a chat message to see it.';
          });
      work.then(function (text) { note(text, 'good'); }, function (err) { note(err.message, 'bad'); }).then(pollAdmin);
    });
  });

  $('btn-unblock').addEventListener('click', function () {
    // A 401/403 blocks delivery until the configuration changes; re-setting the same key is not a
    // change, so switch away and back (both synchronous: nothing is sent with the interim key).
    sc('update', { apiKey: API_KEY + '-reapplied' });
    sc('update', { apiKey: API_KEY });
    note('API key re-applied: blocked documents are pending again.', 'good');
    refreshSoon();
  });

  function renderFaults(faults) {
    replaceList($('fault-list'), faults.map(function (f) {
      var what = f.mode === 'drop' ? 'drop connection' : f.mode && f.mode !== 'status' ? f.mode : 'HTTP ' + (f.status || 503);
      if (f.retryAfter) what += ', Retry-After: ' + f.retryAfter;
      var left = f.remaining === -1 ? 'until cleared' : f.remaining + ' left';
      return el('li', {}, [el('code', { text: f.path || '*' }), el('span', { text: what }), el('span', { class: 'muted', text: left })]);
    }), 'No active faults.');
  }

  function renderDeliveries() {
    replaceList($('deliveries'), state.deliveries.map(function (d) {
      var ok = d.status != null && d.status < 300;
      var label = d.status == null ? (d.fault && d.fault.mode) || 'no answer' : String(d.status);
      return el('li', { class: ok ? 'good' : 'bad' }, [
        el('time', { text: clock(d.time) }),
        el('span', { class: 'status', text: label }),
        el('code', { text: d.path }),
        el('span', { class: 'muted', text: d.messageCount ? d.messageCount + ' msg' : '' }),
      ]);
    }), 'None yet.');
  }

  /** Faults and the request log (admin routes on only). */
  function pollAdmin() {
    if (!ADMIN) return Promise.resolve();
    var q = new URLSearchParams({ key: API_KEY, method: 'POST', since: String(state.logSince) });
    return Promise.all([admin('GET', OWN_FAULTS), admin('GET', '/__admin/log?' + q)]).then(function (r) {
      renderFaults(r[0].faults);
      var entries = r[1].entries;
      if (entries.length) {
        state.logSince = entries[entries.length - 1].seq;
        state.deliveries = entries.slice().reverse().concat(state.deliveries).slice(0, 8);
        renderDeliveries();
      }
    }, function (err) {
      note('Admin API: ' + err.message, 'bad');
    });
  }
  document.querySelectorAll('.admin-only').forEach(function (node) { node.hidden = !ADMIN; });
  $('admin-off').hidden = ADMIN;

  // ---------------------------------------------------------------- conversations received
  var lastConversations = '';
  function pollConversations() {
    return pageFetch('/conversations?limit=10', { headers: AUTH }).then(function (res) {
      if (!res.ok) throw new Error('GET /conversations: HTTP ' + res.status);
      return res.text();
    }).then(function (text) {
      if (text === lastConversations) return;
      lastConversations = text;
      var conversations = JSON.parse(text).conversations || [];
      var current = currentConversationId();
      var mine = conversations.find(function (c) { return c.id === current; });
      state.collectorIdentity = mine && mine.userProperties ? mine.userProperties : null;
      setText('conv-meta', 'Polling GET /conversations?limit=10 every 2 s · ' + conversations.length + ' shown, newest write first.');
      replaceList($('conv-list'), conversations.map(function (c) {
        var messages = c.messages || [];
        var last = messages[messages.length - 1];
        var who = c.userProperties || {};
        return el('li', { class: c.id === current ? 'current' : '' }, [
          el('div', { class: 'row' }, [
            el('code', { title: c.id, text: shortId(c.id) }),
            c.id === current ? el('span', { class: 'pill', 'data-tone': 'info', text: 'this tab' }) : null,
            el('span', { class: 'muted', text: messages.length + (messages.length === 1 ? ' message' : ' messages') }),
          ]),
          last ? el('p', { class: 'last' }, [el('strong', { text: last.role + ': ' }), document.createTextNode(clip(plain(last.content), 140))]) : null,
          el('p', { class: 'muted small', text: (who.identificationType || 'no identity') + (who.id != null ? ' · ' + who.id : '') + ' · ' + clock(c.updatedAt || c.createdAt) }),
        ]);
      }), 'None yet. Ask the copilot something.');
      refreshSoon();
    }).catch(function (err) {
      setText('conv-meta', err.message);
    });
  }

  // ---------------------------------------------------------------- panel open/close, timers
  var panel = $('devpanel');
  var toggle = $('devtoggle');
  var timers = [];
  function setPanel(open, focus) {
    panel.hidden = !open;
    document.body.classList.toggle('dev-open', open);
    toggle.setAttribute('aria-expanded', String(open));
    try {
      sessionStorage.setItem('acme-demo:devpanel', open ? '1' : '0');
    } catch (e) { /* blocked: not remembered */ }
    timers.forEach(clearInterval);
    timers = [];
    if (open) {
      refresh();
      pollConversations();
      pollAdmin();
      timers.push(setInterval(refresh, 1000), setInterval(pollConversations, 2000));
      if (ADMIN) timers.push(setInterval(pollAdmin, 2000));
      if (focus) $('devclose').focus();
    } else if (focus) {
      toggle.focus();
    }
  }
  toggle.addEventListener('click', function () { setPanel(panel.hidden, true); });
  $('devclose').addEventListener('click', function () { setPanel(false, true); });
  panel.addEventListener('keydown', function (e) {
    if (e.key === 'Escape' && !window.matchMedia('(min-width: 1100px)').matches) setPanel(false, true);
  });

  // Closed unless asked for: `?dev=1` (docs/collector.md), or its button (remembered for the tab).
  // A visitor sees the help centre first; the panel is for whoever demonstrates the widget.
  var forced = new URLSearchParams(location.search).get('dev');
  var remembered = null;
  try { remembered = sessionStorage.getItem('acme-demo:devpanel'); } catch (e) { /* blocked */ }
  setPanel(forced != null ? forced !== '0' : remembered === '1', false);

  // ---------------------------------------------------------------- the decorative search
  $('search').addEventListener('submit', function (e) {
    e.preventDefault();
    setText('search-hint', 'Search is decorative in this demo: ask the support copilot instead.');
    sc('open');
  });
})();
