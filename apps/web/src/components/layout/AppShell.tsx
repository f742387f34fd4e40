import { Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { ErrorBoundary } from '../ErrorBoundary';
import { MenuIcon } from '../ui/icons';
import { PageSkeleton } from '../ui/Skeleton';
import { BrandMark } from './BrandMark';
import { DevBanner } from './DevBanner';
import { MobileNav } from './MobileNav';
import { NavList } from './NavList';
import { TeamSwitcher } from './TeamSwitcher';
import { UserMenu } from './UserMenu';

/** The signed-in layout: sidebar on wide screens, a menu button and drawer on narrow ones. */
export function AppShell() {
  const [navOpen, setNavOpen] = useState(false);
  const closeNav = useCallback(() => setNavOpen(false), []);
  const location = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const firstPath = useRef(location.pathname);

  // After client-side navigation, move focus to the new page so keyboard and screen-reader users
  // start there (a full page load would do this by itself).
  useEffect(() => {
    if (location.pathname === firstPath.current) return;
    firstPath.current = '';
    mainRef.current?.focus({ preventScroll: true });
  }, [location.pathname]);

  return (
    <div className="flex min-h-dvh flex-col">
      <a
        href="#main"
        className="sr-only z-50 rounded-lg bg-white px-3 py-2 text-sm font-medium shadow focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
      >
        Skip to content
      </a>
      <DevBanner />
      <div className="flex flex-1">
        <aside className="hidden w-64 shrink-0 flex-col gap-6 border-r border-slate-200 bg-white px-4 py-5 lg:flex">
          <Link to="/" className="rounded-lg px-1">
            <BrandMark />
            <span className="sr-only">, dashboard</span>
          </Link>
          <TeamSwitcher />
          <nav aria-label="Main">
            <NavList />
          </nav>
        </aside>
        <MobileNav open={navOpen} onClose={closeNav} />

        <div className="flex min-w-0 flex-1 flex-col">
          <header className="sticky top-0 z-20 flex h-14 items-center gap-3 border-b border-slate-200 bg-white/90 px-4 backdrop-blur sm:px-6">
            <button
              type="button"
              onClick={() => setNavOpen(true)}
              aria-label="Open navigation"
              aria-expanded={navOpen}
              className="-ml-2 rounded-lg p-2 text-slate-700 hover:bg-slate-100 lg:hidden"
            >
              <MenuIcon />
            </button>
            <Link to="/" className="min-w-0 lg:hidden">
              <BrandMark compact />
              <span className="sr-only">, dashboard</span>
            </Link>
            <div className="ml-auto">
              <UserMenu />
            </div>
          </header>
          <main
            ref={mainRef}
            id="main"
            tabIndex={-1}
            className="mx-auto w-full max-w-6xl flex-1 px-4 py-6 focus:outline-none sm:px-6 lg:px-8 lg:py-8"
          >
            {/* Keyed by path: a crash on one page must not stick after navigating away. */}
            <ErrorBoundary key={location.pathname}>
              <Suspense fallback={<PageSkeleton />}>
                <Outlet />
              </Suspense>
            </ErrorBoundary>
          </main>
        </div>
      </div>
    </div>
  );
}
