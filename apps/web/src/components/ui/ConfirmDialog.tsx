import { useEffect, useId, useRef } from 'react';
import type { ReactNode } from 'react';
import { ErrorNotice } from './ErrorNotice';
import { buttonClass } from './styles';

/** What the dialog reads of the mutation it confirms (a TanStack useMutation result fits). */
export interface ConfirmedMutation {
  isPending: boolean;
  error: unknown;
  reset: () => void;
}

/**
 * A modal confirmation for destructive actions. Native <dialog>: focus is trapped, Escape cancels,
 * and focus returns to the button that opened it. Focus starts on Cancel, the safe choice.
 * While `mutation` runs both buttons wait; its error shows in the dialog, and cancelling clears it
 * (so the next confirmation starts clean).
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  mutation,
  onConfirm,
  onCancel,
}: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  mutation: ConfirmedMutation;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { isPending: pending, error } = mutation;
  const cancel = () => {
    onCancel();
    mutation.reset();
  };
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      cancelRef.current?.focus();
    }
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        if (!pending) cancel();
      }}
      className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-xl bg-white p-0 shadow-xl backdrop:bg-slate-900/40"
    >
      <div className="p-6">
        <h2 id={titleId} className="text-lg font-semibold text-slate-900">
          {title}
        </h2>
        <div className="mt-2 text-sm text-slate-600">{children}</div>
        {error ? (
          <div className="mt-4">
            <ErrorNotice error={error} title="That did not work" />
          </div>
        ) : null}
        <div className="mt-6 flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
          <button
            ref={cancelRef}
            type="button"
            className={buttonClass('secondary')}
            onClick={cancel}
            disabled={pending}
          >
            Cancel
          </button>
          <button type="button" className={buttonClass('danger')} onClick={onConfirm} disabled={pending}>
            {pending ? 'Working…' : confirmLabel}
          </button>
        </div>
      </div>
    </dialog>
  );
}
