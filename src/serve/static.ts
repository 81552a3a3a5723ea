// The console's only assets, served from memory: one stylesheet and one small script for live updates
// (the CSP allows scripts and styles from this origin only, never inline or remote).

export const APP_CSS = `
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d1d1f;background:#f5f6f8}
header{display:flex;gap:16px;align-items:center;padding:10px 20px;background:#14213d;color:#fff;flex-wrap:wrap}
header a{color:#cfd8ea;text-decoration:none;padding:4px 8px;border-radius:4px}header a[aria-current=page]{background:#fca311;color:#14213d}
.brand{font-weight:700;letter-spacing:.04em}.store{margin-left:auto;font-size:12px;color:#9fb0d0}
.live{font-size:12px;color:#fca311}.logout button{background:none;border:1px solid #9fb0d0;color:#cfd8ea;border-radius:4px;cursor:pointer}
main{padding:16px 24px;max-width:1400px}h1{margin:4px 0 12px;font-size:22px}h2{font-size:16px;margin:18px 0 8px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(360px,1fr));gap:14px}.card{background:#fff;border-radius:8px;padding:12px 16px;box-shadow:0 1px 2px #0002}
.card.wide{grid-column:1/-1}.card h2{margin-top:0}.card h2 a{color:inherit}.big{font-size:34px;font-weight:700;margin:0}
.sub{color:#667;font-size:12px}.empty{color:#889;font-style:italic}
table{border-collapse:collapse;width:100%;background:#fff;font-size:13px}th,td{text-align:left;padding:5px 8px;border-bottom:1px solid #e4e6eb;vertical-align:top}
th{background:#eef0f4;font-weight:600}code{font-size:12px;word-break:break-all}
.badge{display:inline-block;padding:1px 7px;border-radius:9px;font-size:11px;font-weight:600;background:#dee2e6;color:#222}
.b-critical{background:#8b0000;color:#fff}.b-high{background:#d9480f;color:#fff}.b-medium{background:#e8a400}.b-low{background:#2b8a3e;color:#fff}.b-info{background:#5c7cfa;color:#fff}
.b-deny,.b-exposed,.b-new{background:#c92a2a;color:#fff}.b-allow,.b-gone{background:#2b8a3e;color:#fff}.b-changed{background:#e8a400}
.b-ind{background:#14213d;color:#fff}.b-ev{background:#e9ecef}
tr.v-deny td{background:#fff5f5}.reason,.remediation{max-width:360px}.suppressed{opacity:.55}
.filters{display:flex;gap:10px;flex-wrap:wrap;align-items:end;background:#fff;padding:10px;border-radius:8px;margin-bottom:10px}
.filters label{display:flex;flex-direction:column;font-size:12px;color:#445}input,select{padding:4px 6px;border:1px solid #bbc;border-radius:4px}
button,.button{background:#14213d;color:#fff;border:0;border-radius:4px;padding:6px 12px;cursor:pointer;text-decoration:none;display:inline-block}
.timeline{list-style:none;padding:0;border-left:3px solid #14213d;margin-left:8px}.timeline li{padding:4px 10px;position:relative}
.timeline time{color:#667;font-size:12px;margin-right:6px}.t-command .what,.t-indicator .what{font-family:monospace}
.login{background:#fff;padding:20px;border-radius:8px;max-width:380px;display:flex;flex-direction:column;gap:12px}.error{color:#c92a2a}
.run{background:#fff;border-radius:8px;padding:8px 12px;margin-bottom:12px}svg.chart{max-width:100%;height:auto}
`;

export const LIVE_JS = `// Live updates: listens to /api/stream; on news it re-reads this page (same URL, same filters) and swaps
// its content in, so new guard decisions, watch alerts and trap events appear without a reload.
(function () {
  var el = document.getElementById('live');
  if (!el || !window.EventSource) return;
  var n = 0;
  var busy = false;
  var again = false;
  function refresh() {
    if (busy) { again = true; return; }
    var main = document.querySelector('main');
    // Never replace a form someone is typing in; the counter still says what arrived.
    if (!main || !window.fetch || !window.DOMParser || (document.activeElement && main.contains(document.activeElement) && /INPUT|SELECT|TEXTAREA/.test(document.activeElement.tagName))) return;
    busy = true;
    fetch(location.href, { credentials: 'same-origin', headers: { 'X-Requested-With': 'portcullis-live' } })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (text) {
        if (!text) return;
        var next = new DOMParser().parseFromString(text, 'text/html').querySelector('main');
        var cur = document.querySelector('main');
        if (next && cur) { cur.replaceWith(document.importNode(next, true)); document.body.setAttribute('data-refreshed', String(n)); }
      })
      .catch(function () {})
      .then(function () { busy = false; if (again) { again = false; refresh(); } });
  }
  var es = new EventSource('/api/stream');
  // What was stored between rendering this page and the stream taking its cursor would be missed: once the
  // stream is open, re-read the page once (later news then arrives as update messages).
  var opened = false;
  es.addEventListener('open', function () { if (!opened) { opened = true; refresh(); } });
  es.addEventListener('update', function (e) {
    var d = JSON.parse(e.data);
    n += d.events.length + d.guard;
    var last = d.events.length ? d.events[d.events.length - 1] : null;
    el.textContent = n + ' new since load' + (last ? ' - latest ' + last.eventid + ' at ' + last.timestamp : '');
    el.setAttribute('data-count', String(n));
    refresh();
  });
})();
`;
