import { useEffect, useId, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { useNavigate } from 'react-router';
import { userMessage } from '../../lib/api';
import { useLogout } from '../../features/session/useSession';
import { useSignedInUser } from '../../features/session/meContext';
import { initials } from '../../features/session/userDisplay';
import { ChevronDownIcon, SettingsIcon, SignOutIcon } from '../ui/icons';

/** Avatar button with a keyboard-usable menu (arrows, Home/End, Escape) holding settings and sign out. */
export function UserMenu() {
  const me = useSignedInUser();
  const { user } = me;
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const menuId = useId();
  const navigate = useNavigate();
  const logout = useLogout();

  const items = () => Array.from(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);

  useEffect(() => {
    if (!open) return;
    items()[0]?.focus();
    const onPointer = (e: PointerEvent) => {
      const target = e.target as Node;
      if (!menuRef.current?.contains(target) && !buttonRef.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  const close = (focusButton: boolean) => {
    setOpen(false);
    if (focusButton) buttonRef.current?.focus();
  };

  const onMenuKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const list = items();
    const index = list.indexOf(document.activeElement as HTMLElement);
    const move = (to: number) => {
      e.preventDefault();
      list[(to + list.length) % list.length]?.focus();
    };
    if (e.key === 'ArrowDown') move(index + 1);
    else if (e.key === 'ArrowUp') move(index - 1);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(list.length - 1);
    else if (e.key === 'Escape') {
      e.preventDefault();
      close(true);
    } else if (e.key === 'Tab') close(false);
  };

  const signOut = () => {
    logout.mutate(undefined, {
      onSuccess: () => void navigate('/signin', { replace: true }),
    });
  };

  return (
    <div className="relative">
      <button
        ref={buttonRef}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => setOpen((v) => !v)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' && !open) {
            e.preventDefault();
            setOpen(true);
          }
        }}
        className="flex items-center gap-2 rounded-full py-1 pr-2 pl-1 text-sm font-medium text-slate-700 hover:bg-slate-100"
      >
        {user.avatarUrl ? (
          <img src={user.avatarUrl} alt="" className="size-8 rounded-full object-cover" />
        ) : (
          <span
            aria-hidden="true"
            className="grid size-8 place-items-center rounded-full bg-brand text-xs font-semibold text-brand-fg"
          >
            {initials(user.name, user.email)}
          </span>
        )}
        <span className="sr-only max-w-40 truncate sm:not-sr-only sm:inline">{user.name || user.email}</span>
        <span className="sr-only">, account menu</span>
        <ChevronDownIcon className="size-4 text-slate-500" />
      </button>

      {open ? (
        <div
          ref={menuRef}
          id={menuId}
          role="menu"
          aria-label="Account"
          onKeyDown={onMenuKey}
          className="absolute right-0 z-30 mt-2 w-64 origin-top-right rounded-xl border border-slate-200 bg-white p-1.5 shadow-lg"
        >
          <div className="border-b border-slate-100 px-3 pt-2 pb-3" role="presentation">
            <p className="truncate text-sm font-semibold text-slate-900">{user.name || 'Unnamed user'}</p>
            <p className="truncate text-sm text-slate-500">{user.email}</p>
            {user.isPlatformAdmin ? (
              <p className="mt-1.5 inline-block rounded bg-slate-900 px-1.5 py-0.5 text-xs font-medium text-white">
                Platform admin
              </p>
            ) : null}
          </div>
          <button
            type="button"
            role="menuitem"
            tabIndex={-1}
            onClick={() => {
              close(false);
              void navigate('/settings');
            }}
            className="mt-1 flex w-full items-center gap-2.5 rounded-lg px-3 py-2 text-left text-sm text-slate-700 hover:bg-slate-100 focus:bg-slate-100 focus:outline-none"
          >
            <SettingsIcon className="size-4" /> Settings
          </button>
          <button
            type="button"
            role="menuitem"
            tabIndex={-1}
            disabled={logout.isPending}
            onClick={signOut}
            className="flex w-full items-center gap-2.5 rounded-lg px-3 py-2 text-left text-sm text-slate-700 hover:bg-slate-100 focus:bg-slate-100 focus:outline-none disabled:opacity-60"
          >
            <SignOutIcon className="size-4" /> {logout.isPending ? 'Signing out…' : 'Sign out'}
          </button>
          <div aria-live="polite">
            {logout.isError ? (
              <p role="alert" className="px-3 py-2 text-sm text-red-700">
                {userMessage(logout.error)}
              </p>
            ) : null}
          </div>
        </div>
      ) : null}
    </div>
  );
}
