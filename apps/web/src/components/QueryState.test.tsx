import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { ApiError } from '../lib/api';
import { QueryState, queryView } from './QueryState';
import type { QueryStateSource } from './QueryState';

const pending: QueryStateSource<string[]> = {
  isPending: true,
  isError: false,
  isFetching: true,
  error: null,
  data: undefined,
  refetch: () => undefined,
};
const success = (data: string[]): QueryStateSource<string[]> => ({
  ...pending,
  isPending: false,
  isFetching: false,
  data,
});
const failed = (status: number, detail: string, data?: string[]): QueryStateSource<string[]> => ({
  ...pending,
  isPending: false,
  isError: true,
  isFetching: false,
  data,
  error: new ApiError({
    type: 'about:blank',
    title: 'Failed',
    status,
    detail,
    code: status === 404 ? 'not_found' : 'internal_error',
    requestId: 'req-123',
  }),
});

const render = (query: QueryStateSource<string[]>, extra: { notFound?: string } = {}) =>
  renderToStaticMarkup(
    <QueryState
      query={query}
      loadingLabel="Loading names"
      errorTitle="Could not load the names"
      isEmpty={(names) => names.length === 0}
      empty={<p>Nobody yet.</p>}
      {...(extra.notFound ? { notFound: <p>{extra.notFound}</p> } : {})}
    >
      {(names) => (
        <ul>
          {names.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
    </QueryState>,
  );

describe('QueryState', () => {
  it('announces loading as a busy status region with its label', () => {
    const html = render(pending);
    expect(html).toContain('role="status"');
    expect(html).toContain('aria-label="Loading names"');
    expect(html).toContain('aria-busy="true"');
    expect(html).not.toContain('<ul>');
  });

  it('shows the problem detail of a 4xx as an alert, with a retry', () => {
    const html = render(failed(409, 'The name is taken.'));
    expect(html).toContain('role="alert"');
    expect(html).toContain('Could not load the names');
    expect(html).toContain('The name is taken.');
    expect(html).toContain('Try again');
  });

  it('hides the detail of a 5xx behind a generic message and the request id', () => {
    const html = render(failed(500, 'connection refused at 10.0.0.3'));
    expect(html).not.toContain('10.0.0.3');
    expect(html).toContain('Something went wrong on our side');
    expect(html).toContain('req-123');
  });

  it('renders the not-found view for a 404 only when the caller has one', () => {
    expect(render(failed(404, 'No such thing.'), { notFound: 'Gone for good' })).toBe('<p>Gone for good</p>');
    expect(render(failed(404, 'No such thing.'))).toContain('No such thing.');
  });

  it('shows the empty state, then the data', () => {
    expect(render(success([]))).toBe('<p>Nobody yet.</p>');
    expect(render(success(['Ada', 'Linus']))).toBe('<ul><li>Ada</li><li>Linus</li></ul>');
  });

  it('lets a failed refresh win over data already shown', () => {
    expect(queryView(failed(500, 'boom', ['Ada']))).toEqual({ state: 'error' });
    expect(queryView(success(['Ada']))).toEqual({ state: 'data', data: ['Ada'] });
  });
});

describe('QueryState without isEmpty', () => {
  it('counts an empty list as empty when there is an empty state to show', () => {
    const html = renderToStaticMarkup(
      <QueryState query={success([])} loadingLabel="Loading" errorTitle="Failed" empty={<p>None.</p>}>
        {() => <p>Data</p>}
      </QueryState>,
    );
    expect(html).toBe('<p>None.</p>');
  });
});
