import { Link } from 'react-router';
import { isApiError, userMessage } from '../../lib/api';
import { AlertIcon, RefreshIcon } from './icons';
import { buttonClass } from './styles';

/**
 * An async error, announced to screen readers (role="alert" is an assertive live region).
 * Shows the problem detail for 4xx and a generic message with the request id for 5xx.
 */
export function ErrorNotice({
  error,
  message,
  title = 'Something went wrong',
  onRetry,
  retrying = false,
  hideIssues = false,
}: {
  error?: unknown;
  /** Overrides the message derived from `error` (for errors that did not come from the API). */
  message?: string;
  title?: string;
  onRetry?: () => void;
  retrying?: boolean;
  /** When the issues are shown elsewhere (e.g. inline in an editor). */
  hideIssues?: boolean;
}) {
  const issues = isApiError(error) && error.status < 500 && !hideIssues ? error.errors : [];
  return (
    <div
      role="alert"
      className="flex gap-3 rounded-xl border border-red-200 bg-red-50 p-4 text-sm text-red-900"
    >
      <AlertIcon className="mt-0.5 size-5 shrink-0 text-red-600" />
      <div className="min-w-0 flex-1">
        <p className="font-semibold">{title}</p>
        <p className="mt-1 break-words">{message ?? userMessage(error)}</p>
        {issues.length > 0 ? (
          <ul className="mt-2 list-disc space-y-1 pl-5">
            {issues.map((issue, i) => (
              <li key={`${issue.path}-${i}`}>
                <code className="font-mono text-xs">{issue.path}</code>: {issue.message}
              </li>
            ))}
          </ul>
        ) : null}
        {isApiError(error) && error.code === 'limit_exceeded' ? (
          <Link
            to="/billing"
            className="mt-2 inline-block font-medium text-red-900 underline underline-offset-2"
          >
            See plans and limits
          </Link>
        ) : null}
        {onRetry ? (
          <button
            type="button"
            onClick={onRetry}
            disabled={retrying}
            className={buttonClass('secondary', 'sm', 'mt-3')}
          >
            <RefreshIcon className={`size-4 ${retrying ? 'animate-spin' : ''}`} />
            {retrying ? 'Retrying…' : 'Try again'}
          </button>
        ) : null}
      </div>
    </div>
  );
}
