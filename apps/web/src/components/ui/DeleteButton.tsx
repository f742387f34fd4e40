import { useState } from 'react';
import type { ReactNode } from 'react';
import { ConfirmDialog } from './ConfirmDialog';
import type { ConfirmedMutation } from './ConfirmDialog';
import { buttonClass } from './styles';

/**
 * A page's delete action: an outlined danger button that asks first in a ConfirmDialog (`children`
 * say what goes with it). `onConfirm` runs the mutation and gets `close` for its success.
 */
export function DeleteButton({
  label,
  title,
  confirmLabel,
  mutation,
  onConfirm,
  children,
}: {
  label: string;
  title: string;
  confirmLabel: string;
  mutation: ConfirmedMutation;
  onConfirm: (close: () => void) => void;
  children: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className={buttonClass('dangerOutline')} onClick={() => setOpen(true)}>
        {label}
      </button>
      <ConfirmDialog
        open={open}
        title={title}
        confirmLabel={confirmLabel}
        mutation={mutation}
        onCancel={() => setOpen(false)}
        onConfirm={() => onConfirm(() => setOpen(false))}
      >
        {children}
      </ConfirmDialog>
    </>
  );
}
