import { problemSchema } from '@k8s-scheduler/contracts';
import type { Problem, ProblemIssue } from '@k8s-scheduler/contracts';
import type { ZodType } from 'zod';

/** Header the server requires on state-changing requests (CSRF defence for cookie sessions). */
export const CSRF_HEADER = 'X-Requested-With';
export const CSRF_VALUE = 'k8s-scheduler';

/** Codes the client itself produces when no problem body came back. */
export const clientErrorCodes = {
  network: 'network_error',
  badResponse: 'bad_response',
} as const;

/** An API failure, built from an RFC 9457 problem body (or from a transport failure). */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string;
  readonly requestId: string | undefined;
  readonly errors: ProblemIssue[];
  /** Extra members of the problem body (e.g. `limit`, `current`, `tier` of a limit_exceeded). */
  readonly extensions: Record<string, unknown>;

  constructor(problem: Problem) {
    super(problem.detail || problem.title);
    const { type: _t, title, status, detail, code, instance: _i, requestId, errors, ...extensions } = problem;
    this.status = status;
    this.code = code;
    this.title = title;
    this.detail = detail;
    this.requestId = requestId;
    this.errors = errors ?? [];
    this.extensions = extensions;
  }

  /** 5xx (and transport failures) are not the user's fault and carry no user-facing detail. */
  get isServerError(): boolean {
    return this.status >= 500 || this.status === 0;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/**
 * Turns a failed response's status and body into an ApiError. A valid problem body is kept as is;
 * anything else (an HTML error page from a proxy, empty body) becomes a problem named after the status.
 */
export function problemFromResponse(
  status: number,
  body: unknown,
  requestIdHeader?: string | null,
): ApiError {
  const parsed = problemSchema.safeParse(body);
  if (parsed.success) {
    const problem = parsed.data;
    return new ApiError({ ...problem, requestId: problem.requestId ?? requestIdHeader ?? undefined });
  }
  const serverSide = status >= 500;
  return new ApiError({
    type: 'about:blank',
    title: serverSide ? 'Server error' : 'Request failed',
    status,
    detail: serverSide
      ? 'The server could not handle the request.'
      : `The request failed with status ${status}.`,
    code: serverSide ? 'internal_error' : clientErrorCodes.badResponse,
    requestId: requestIdHeader ?? undefined,
  });
}

export function networkError(): ApiError {
  return new ApiError({
    type: 'about:blank',
    title: 'Network error',
    status: 0,
    detail: 'The server could not be reached. Check your connection and try again.',
    code: clientErrorCodes.network,
  });
}

function badResponse(status: number, what: string, requestId: string | null): ApiError {
  return new ApiError({
    type: 'about:blank',
    title: 'Unexpected response',
    status: status >= 500 ? status : 502,
    detail: `The server answered with ${what}.`,
    code: clientErrorCodes.badResponse,
    requestId: requestId ?? undefined,
  });
}

/**
 * The message to show a person for an error: the problem detail for 4xx (it is written for them),
 * a generic sentence plus the request id for 5xx (the detail stays in the server log).
 */
export function userMessage(error: unknown): string {
  if (isApiError(error)) {
    if (error.status === 0) return error.detail;
    if (error.status >= 500) {
      const ref = error.requestId ? ` (request id ${error.requestId})` : '';
      return `Something went wrong on our side${ref}. Please try again; if it keeps happening, contact your platform team and quote the request id.`;
    }
    return error.detail || error.title;
  }
  return 'Something unexpected went wrong. Please reload the page.';
}

export type ApiRequest<T> = {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** JSON body; omitted entirely when undefined. */
  body?: unknown;
  /** Validates the success body; a mismatch is reported as a bad response, never passed on. */
  schema?: ZodType<T>;
  signal?: AbortSignal;
};

function isJson(contentType: string | null): boolean {
  return contentType !== null && /[/+]json\b/i.test(contentType);
}

/**
 * fetch() for the platform API: same-origin cookies, the CSRF header on writes, JSON in and out,
 * and every failure turned into an ApiError.
 */
export async function apiFetch<T = undefined>(path: string, request: ApiRequest<T> = {}): Promise<T> {
  const method = request.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
  if (method !== 'GET') headers[CSRF_HEADER] = CSRF_VALUE;
  if (request.body !== undefined) headers['Content-Type'] = 'application/json';

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: request.body === undefined ? null : JSON.stringify(request.body),
      signal: request.signal ?? null,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw networkError();
  }

  const requestId = response.headers.get('x-request-id');
  const contentType = response.headers.get('content-type');
  const text = await response.text();
  let body: unknown = undefined;
  if (text !== '' && isJson(contentType)) {
    try {
      body = JSON.parse(text);
    } catch {
      throw badResponse(response.status, 'malformed JSON', requestId);
    }
  }

  if (!response.ok) throw problemFromResponse(response.status, body, requestId);
  if (response.status === 204 || (text === '' && !request.schema)) return undefined as T;
  if (!isJson(contentType))
    throw badResponse(response.status, `${contentType ?? 'an unknown type'} instead of JSON`, requestId);
  if (!request.schema) return body as T;
  const parsed = request.schema.safeParse(body);
  if (!parsed.success)
    throw badResponse(response.status, 'data this version of the app does not understand', requestId);
  return parsed.data;
}
