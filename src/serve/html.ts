// HTML building blocks for the server-rendered console: escaping at one place, the page layout with its
// navigation, and small helpers for tables and badges. No inline script or style (the CSP forbids them).

/** Escape text for HTML element content and double-quoted attributes. */
export function esc(v: unknown): string {
  return String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** A trusted HTML fragment (built only from esc()'d parts). */
export interface Html { readonly html: string }
export const raw = (html: string): Html => ({ html });

/** Tagged template: interpolations are escaped unless they are Html (or arrays of Html). */
export function h(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += render(v) + (strings[i + 1] ?? '');
  });
  return { html: out };
}

function render(v: unknown): string {
  if (Array.isArray(v)) return v.map(render).join('');
  if (v && typeof v === 'object' && 'html' in v) return (v as Html).html;
  if (v === undefined || v === null || v === false) return '';
  return esc(v);
}

const NAV: readonly [string, string][] = [
  ['/', 'Overview'], ['/guard', 'Guard log'], ['/scans', 'Scans'], ['/audit', 'Audit'], ['/watch', 'Watch alerts'], ['/trap', 'Trap sessions'],
];

export interface LayoutOptions { readonly title: string; readonly active: string; readonly location: string; readonly loggedIn: boolean }

export function layout(o: LayoutOptions, body: Html): string {
  const nav = NAV.map(([href, label]) => h`<a href="${href}"${o.active === href ? raw(' aria-current="page"') : ''}>${label}</a>`);
  return `<!doctype html>\n${h`<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title} · portcullis</title><link rel="stylesheet" href="/static/app.css"><script src="/static/live.js" defer></script></head>
<body><header><span class="brand">portcullis</span><nav>${nav}</nav><span class="store" title="store">${o.location}</span>
<span id="live" class="live" aria-live="polite"></span>
${o.loggedIn ? raw('<form method="post" action="/logout" class="logout"><button type="submit">Log out</button></form>') : ''}</header>
<main><h1>${o.title}</h1>${body}</main></body></html>`.html}`;
}

export function badge(text: string, kind = text): Html {
  return h`<span class="badge b-${kind.replace(/[^a-z0-9-]/gi, '')}">${text}</span>`;
}

export function table(head: readonly string[], rows: readonly Html[], empty = 'Nothing recorded yet.'): Html {
  if (rows.length === 0) return h`<p class="empty">${empty}</p>`;
  return h`<table><thead><tr>${head.map((c) => h`<th>${c}</th>`)}</tr></thead><tbody>${rows}</tbody></table>`;
}

/** Short UTC time for tables: 2026-11-01 10:00:03Z. */
export function when(iso: unknown): string {
  return typeof iso === 'string' ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '';
}

/**
 * A watch alert's container as people read it: the name and image of the `{id, name, image}` the watcher
 * records (or a plain name), never "[object Object]".
 *
 * @example
 * containerLabel({ id: '7c1e2f3a4b5c6d', name: 'web-1', image: 'nginx' }); // 'web-1 (nginx)'
 */
export function containerLabel(v: unknown): string {
  if (typeof v === 'string') return v;
  if (!v || typeof v !== 'object') return '';
  const c = v as { id?: unknown; name?: unknown; image?: unknown };
  const name = typeof c.name === 'string' && c.name !== '' ? c.name : typeof c.id === 'string' ? c.id.slice(0, 12) : '';
  return typeof c.image === 'string' && c.image !== '' ? `${name} (${c.image})` : name;
}
