import { useEffect, useRef } from 'react';
import { useLocation } from 'react-router';
import { CloseIcon } from '../ui/icons';
import { BrandMark } from './BrandMark';
import { NavList } from './NavList';
import { TeamSwitcher } from './TeamSwitcher';

/**
 * The navigation drawer of narrow screens. A modal <dialog> gives focus trapping, Escape to close
 * and an inert background without extra code.
 */
export function MobileNav({ open, onClose }: { open: boolean; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const location = useLocation();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  // Close after navigating (also covers the browser's back button); onClose is stable.
  useEffect(() => {
    onClose();
  }, [location.pathname, onClose]);

  return (
    <dialog
      ref={ref}
      aria-label="Navigation"
      onClose={onClose}
      onClick={(e) => {
        if (e.target === ref.current) onClose();
      }}
      className="m-0 h-dvh max-h-none w-72 max-w-[85vw] bg-white p-0 shadow-xl backdrop:bg-slate-900/40 lg:hidden"
    >
      <div className="flex h-full flex-col gap-5 p-4">
        <div className="flex items-center justify-between gap-2">
          <BrandMark />
          <button
            type="button"
            onClick={onClose}
            aria-label="Close navigation"
            className="rounded-lg p-2 text-slate-600 hover:bg-slate-100"
          >
            <CloseIcon />
          </button>
        </div>
        <TeamSwitcher />
        <nav aria-label="Main">
          <NavList onNavigate={onClose} />
        </nav>
      </div>
    </dialog>
  );
}
