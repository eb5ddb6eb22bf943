// Thin client for the Pingan REST API (/api/v1). Keeps the session token in sessionStorage
// (gone when the tab closes), turns problem+json answers into ProblemError, and sends the
// user back to the login page on any 401 so an expired session never leaves a half-working page.

const TOKEN_KEY = 'pingan.token';

/** An API error carrying the RFC 9457 problem (detail is the Chinese message to show). */
export class ProblemError extends Error {
  constructor(status, problem) {
    super((problem && problem.detail) || (problem && problem.title) || `请求失败（${status}）`);
    this.status = status;
    this.problem = problem || {};
  }
}

export function getToken() { return sessionStorage.getItem(TOKEN_KEY); }
export function setToken(token) { sessionStorage.setItem(TOKEN_KEY, token); }
export function clearToken() { sessionStorage.removeItem(TOKEN_KEY); }

let onUnauthorized = () => {};
/** Registers what to do when the server answers 401 (the app returns to the login page). */
export function setUnauthorizedHandler(handler) { onUnauthorized = handler; }

async function readProblem(response) {
  try { return await response.json(); } catch { return null; }
}

/** Calls the API; resolves to the parsed JSON body (null for 204), rejects with ProblemError. */
export async function api(path, { method = 'GET', body, query, auth = true } = {}) {
  let url = path;
  if (query) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
    }
    const qs = params.toString();
    if (qs) url += (url.includes('?') ? '&' : '?') + qs;
  }
  const headers = { Accept: 'application/json, application/problem+json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const token = getToken();
  if (auth && token) headers.Authorization = `Bearer ${token}`;

  let response;
  try {
    response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ProblemError(0, { detail: '无法连接服务器，请检查网络后重试' });
  }
  if (response.status === 204) return null;
  if (response.ok) return response.json();

  const problem = await readProblem(response);
  if (response.status === 401 && auth) {
    clearToken();
    onUnauthorized(problem);
  }
  throw new ProblemError(response.status, problem);
}
