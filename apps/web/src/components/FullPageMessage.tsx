import type { ReactNode } from 'react';
import { BrandMark } from './layout/BrandMark';
import { DevBanner } from './layout/DevBanner';

/** A centred card on an empty page, for states outside the shell (sign-in, fatal errors). */
export function FullPageMessage({ children, wide = false }: { children: ReactNode; wide?: boolean }) {
  return (
    <div className="flex min-h-dvh flex-col">
      <DevBanner />
      <main className="flex flex-1 flex-col items-center justify-center px-4 py-10">
        <div className="mb-8">
          <BrandMark />
        </div>
        <div className={`w-full ${wide ? 'max-w-lg' : 'max-w-md'}`}>{children}</div>
      </main>
    </div>
  );
}
