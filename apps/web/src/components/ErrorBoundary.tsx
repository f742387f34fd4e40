import { Component } from 'react';
import type { ErrorInfo, ReactNode } from 'react';
import { AlertIcon } from './ui/icons';
import { buttonClass } from './ui/styles';

type Props = { children: ReactNode; fallback?: (error: unknown, reset: () => void) => ReactNode };
type State = { error: unknown; hasError: boolean };

/** Catches render errors below it so one broken page does not blank the whole app. */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null, hasError: false };

  static getDerivedStateFromError(error: unknown): State {
    return { error, hasError: true };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    // The browser console is the only log a SPA has; keep the component stack for bug reports.
    console.error('Render error', error, info.componentStack);
  }

  reset = (): void => this.setState({ error: null, hasError: false });

  override render(): ReactNode {
    if (!this.state.hasError) return this.props.children;
    if (this.props.fallback) return this.props.fallback(this.state.error, this.reset);
    return <CrashNotice onReset={this.reset} />;
  }
}

export function CrashNotice({ onReset }: { onReset?: () => void }) {
  return (
    <div
      role="alert"
      className="mx-auto max-w-lg rounded-xl border border-red-200 bg-white p-6 text-center shadow-sm"
    >
      <div className="mx-auto mb-3 grid size-11 place-items-center rounded-full bg-red-50 text-red-600">
        <AlertIcon />
      </div>
      <h2 className="text-base font-semibold text-slate-900">This page ran into a problem</h2>
      <p className="mt-2 text-sm text-slate-600">
        Something unexpected went wrong while showing this page. Your data is safe; reloading usually helps.
      </p>
      <div className="mt-5 flex justify-center gap-3">
        {onReset ? (
          <button type="button" className={buttonClass('secondary')} onClick={onReset}>
            Try again
          </button>
        ) : null}
        <button type="button" className={buttonClass('primary')} onClick={() => window.location.reload()}>
          Reload
        </button>
      </div>
    </div>
  );
}
