import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { ApiError, apiFetch, problemFromResponse, userMessage } from './api';

const problem = {
  type: 'https://k8s-scheduler.io/problems/validation_failed',
  title: 'Invalid request',
  status: 400,
  detail: 'The template has 2 problems.',
  code: 'validation_failed',
  requestId: 'req-1',
  errors: [
    { path: 'body.services.0.image', message: 'Required', line: 4, column: 3 },
    { path: 'body.name', message: 'Must be URL-safe' },
  ],
};

function respond(status: number, body: string, contentType?: string, headers: Record<string, string> = {}) {
  return new Response(status === 204 ? null : body, {
    status,
    headers: { ...(contentType ? { 'content-type': contentType } : {}), ...headers },
  });
}

function stubFetch(response: Response | Error) {
  const fn = vi.fn<typeof fetch>(async () => {
    if (response instanceof Error) throw response;
    return response;
  });
  vi.stubGlobal('fetch', fn);
  return fn;
}

afterEach(() => vi.unstubAllGlobals());

describe('problemFromResponse', () => {
  it('keeps every field of a valid problem body, including validation issues and extensions', () => {
    const error = problemFromResponse(403, {
      ...problem,
      status: 403,
      code: 'limit_exceeded',
      limit: 'deployments',
      current: 1,
    });
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(403);
    expect(error.code).toBe('limit_exceeded');
    expect(error.detail).toBe('The template has 2 problems.');
    expect(error.requestId).toBe('req-1');
    expect(error.errors).toHaveLength(2);
    expect(error.errors[0]).toEqual({
      path: 'body.services.0.image',
      message: 'Required',
      line: 4,
      column: 3,
    });
    expect(error.extensions).toEqual({ limit: 'deployments', current: 1 });
  });

  it('falls back to the request id header when the body has none', () => {
    const { requestId: _omit, ...withoutId } = problem;
    expect(problemFromResponse(400, withoutId, 'hdr-9').requestId).toBe('hdr-9');
  });

  it('turns a non-problem body into a server error for 5xx and a generic failure for 4xx', () => {
    const server = problemFromResponse(502, '<html>Bad gateway</html>', 'r-2');
    expect(server.status).toBe(502);
    expect(server.code).toBe('internal_error');
    expect(server.isServerError).toBe(true);
    expect(server.requestId).toBe('r-2');
    const client = problemFromResponse(404, undefined);
    expect(client.status).toBe(404);
    expect(client.isServerError).toBe(false);
    expect(client.detail).toContain('404');
  });
});

describe('userMessage', () => {
  it('shows the detail of a 4xx to the user', () => {
    expect(userMessage(problemFromResponse(400, problem))).toBe('The template has 2 problems.');
  });

  it('hides a 5xx detail and quotes the request id instead', () => {
    const error = problemFromResponse(500, {
      ...problem,
      status: 500,
      detail: 'db connection refused at 10.0.0.3',
      requestId: 'abc-123',
    });
    const message = userMessage(error);
    expect(message).not.toContain('10.0.0.3');
    expect(message).toContain('abc-123');
  });

  it('explains unreachable servers and unknown errors in plain words', () => {
    expect(userMessage(new TypeError('x'))).toMatch(/unexpected/i);
  });
});

describe('apiFetch', () => {
  it('GETs with same-origin credentials and no CSRF header, and validates the body', async () => {
    const fetchMock = stubFetch(respond(200, JSON.stringify({ id: 7 }), 'application/json'));
    const data = await apiFetch('/api/thing', { schema: z.object({ id: z.number() }) });
    expect(data).toEqual({ id: 7 });
    const [url, init] = fetchMock.mock.calls[0] ?? [];
    expect(url).toBe('/api/thing');
    expect(init?.credentials).toBe('same-origin');
    expect(new Headers(init?.headers).has('X-Requested-With')).toBe(false);
  });

  it('sends the CSRF header and a JSON body on writes', async () => {
    const fetchMock = stubFetch(respond(204, ''));
    await expect(apiFetch('/logout', { method: 'POST', body: { a: 1 } })).resolves.toBeUndefined();
    const init = fetchMock.mock.calls[0]?.[1];
    const headers = new Headers(init?.headers);
    expect(init?.method).toBe('POST');
    expect(headers.get('X-Requested-With')).toBe('k8s-scheduler');
    expect(headers.get('Content-Type')).toBe('application/json');
    expect(init?.body).toBe('{"a":1}');
  });

  it('sends no body (and no content type) when none is given', async () => {
    const fetchMock = stubFetch(respond(204, ''));
    await apiFetch('/dev/login', { method: 'POST' });
    const init = fetchMock.mock.calls[0]?.[1];
    expect(init?.body).toBeNull();
    expect(new Headers(init?.headers).has('Content-Type')).toBe(false);
  });

  it('rejects with an ApiError built from an application/problem+json answer', async () => {
    stubFetch(respond(400, JSON.stringify(problem), 'application/problem+json'));
    const error = await apiFetch('/api/templates', { method: 'POST', body: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: 'validation_failed', requestId: 'req-1' });
    expect((error as ApiError).errors.map((i) => i.path)).toEqual(['body.services.0.image', 'body.name']);
  });

  it('reports an HTML page where JSON was expected (e.g. the SPA fallback) as a bad response', async () => {
    stubFetch(respond(200, '<!doctype html><html></html>', 'text/html'));
    const error = await apiFetch('/api/config', { schema: z.object({}) }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'bad_response', status: 502 });
  });

  it('reports a body that does not match the schema instead of passing it on', async () => {
    stubFetch(respond(200, JSON.stringify({ id: 'seven' }), 'application/json'));
    const error = await apiFetch('/api/thing', { schema: z.object({ id: z.number() }) }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'bad_response' });
  });

  it('turns a transport failure into a status-0 network error', async () => {
    stubFetch(new TypeError('Failed to fetch'));
    const error = await apiFetch('/api/me').catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 0, code: 'network_error' });
    expect(userMessage(error)).toMatch(/could not be reached/);
  });

  it('uses the x-request-id header for a 5xx without a problem body', async () => {
    stubFetch(respond(503, 'upstream down', 'text/plain', { 'x-request-id': 'rid-42' }));
    const error = await apiFetch('/api/me').catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 503, requestId: 'rid-42' });
    expect(userMessage(error)).toContain('rid-42');
  });
});
