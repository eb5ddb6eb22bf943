// What api.js cannot do yet: POST with an Idempotency-Key header, images behind the Bearer token
// (an <img src> cannot send it) and the live event stream (EventSource cannot send headers: it
// opens with a single-use ticket, never the session token, so no URL ever carries the token).
import { ProblemError, api, clearToken, getToken } from '../api.js';

/** A random UUID; crypto.randomUUID exists only on https/localhost, the intranet may serve plain http. */
export function newKey() {
  if (window.crypto && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function expired() {
  clearToken();
  sessionStorage.setItem('pingan.notice', '登录已失效，请重新登录');
  location.hash = '#/login';
}

/** POSTs JSON with an Idempotency-Key; resolves to {status, body}; rejects with ProblemError like api(). */
export async function postOnce(path, body, key) {
  let response;
  try {
    response = await fetch(path, {
      method: 'POST',
      headers: {
        Accept: 'application/json, application/problem+json',
        'Content-Type': 'application/json',
        Authorization: `Bearer ${getToken()}`,
        'Idempotency-Key': key,
      },
      body: JSON.stringify(body),
    });
  } catch {
    throw new ProblemError(0, { detail: '网络连接失败，请检查信号后点“重新提交”（不会重复上报）' });
  }
  let parsed = null;
  try { parsed = await response.json(); } catch { /* empty body */ }
  if (response.ok) return { status: response.status, body: parsed };
  if (response.status === 401) expired();
  throw new ProblemError(response.status, parsed);
}

const blobs = new Map(); // url → Promise<objectURL>
/** An object URL for an image behind the session (cached for the page; release with releaseImages). */
export function imageUrl(url) {
  if (!blobs.has(url)) {
    const p = fetch(url, { headers: { Authorization: `Bearer ${getToken()}` } }).then((r) => {
      if (!r.ok) throw new Error(`照片加载失败（${r.status}）`);
      return r.blob();
    }).then((b) => URL.createObjectURL(b));
    p.catch(() => blobs.delete(url));
    blobs.set(url, p);
  }
  return blobs.get(url);
}

/** Frees the images loaded by imageUrl (called when a page closes). */
export function releaseImages() {
  for (const p of blobs.values()) p.then((u) => URL.revokeObjectURL(u)).catch(() => {});
  blobs.clear();
}

/**
 * Listens to /api/v1/events/stream; handlers: {created, escalated, stage}(data). Returns a close
 * function. Every (re)connect fetches a fresh single-use ticket (POST /events/stream-ticket) and
 * resumes after the last notice seen (lastEventId), so a dropped connection misses nothing. The
 * status element (optional) shows whether we are live. window.__pinganStream.drop(ms) lets the
 * browser tests cut the connection and stay away for ms before reconnecting.
 */
export function listen(handlers, statusEl) {
  if (typeof EventSource === 'undefined' || !getToken()) return () => {};
  let es = null;
  let closed = false;
  let lastId = null;
  let timer = null;
  let backoff = 1000;
  const show = (live) => {
    if (!statusEl) return;
    statusEl.textContent = live ? '● 实时' : '○ 重连中';
    statusEl.classList.toggle('live', live);
    statusEl.dataset.live = String(live);
  };
  const reconnect = (delay) => {
    if (es) { es.close(); es = null; }
    show(false);
    clearTimeout(timer);
    if (!closed) timer = setTimeout(connect, delay);
  };
  async function connect() {
    if (closed || !getToken()) return;
    let ticket;
    try {
      ticket = (await api('/api/v1/events/stream-ticket', { method: 'POST', body: {} })).ticket;
    } catch (e) {
      if (e.status === 401 || e.status === 403) return; // api() already sent a 401 back to the login page
      reconnect(backoff);
      backoff = Math.min(backoff * 2, 30000);
      return;
    }
    if (closed) return;
    const query = new URLSearchParams({ ticket });
    if (lastId !== null) query.set('lastEventId', lastId);
    es = new EventSource(`/api/v1/events/stream?${query}`);
    es.onopen = () => { backoff = 1000; show(true); };
    // The browser's own retry would reuse the spent ticket: always reconnect with a new one.
    es.onerror = () => { reconnect(backoff); backoff = Math.min(backoff * 2, 30000); };
    es.addEventListener('ready', (ev) => { if (ev.lastEventId) lastId = ev.lastEventId; });
    for (const name of ['created', 'escalated', 'stage']) {
      es.addEventListener(name, (ev) => {
        if (ev.lastEventId) lastId = ev.lastEventId;
        let data = {};
        try { data = JSON.parse(ev.data); } catch { /* keep {} */ }
        if (handlers[name]) handlers[name](data);
      });
    }
  }
  window.__pinganStream = { drop: (ms = 1000) => reconnect(ms), live: () => !!es && es.readyState === 1 };
  connect();
  return () => {
    closed = true;
    clearTimeout(timer);
    if (es) es.close();
  };
}

let reference = null;
/** Categories and departments, loaded once per session: {categories, departments, category(code), department(code)}. */
export function loadReference() {
  if (!reference) {
    reference = Promise.all([api('/api/v1/events/categories'), api('/api/v1/departments')]).then(([c, d]) => {
      const categories = c.items || [];
      const departments = d.items || [];
      return {
        categories,
        departments,
        category: (code) => categories.find((x) => x.code === code),
        department: (code) => departments.find((x) => x.code === code),
      };
    });
    reference.catch(() => { reference = null; });
  }
  return reference;
}
