import { useConfig } from '../../features/config/useConfig';

/** Dev mode lets anyone sign in without a password: say so on every page while it is on. */
export function DevBanner() {
  const { data } = useConfig();
  if (!data?.devMode) return null;
  return (
    <div role="note" className="bg-amber-400 px-4 py-1.5 text-center text-sm font-semibold text-amber-950">
      <span className="mr-2 rounded bg-amber-950 px-1.5 py-0.5 text-xs font-bold uppercase tracking-wide text-amber-300">
        Dev mode
      </span>
      Anyone can sign in without a password.
      <span className="hidden sm:inline"> Never run this configuration in production.</span>
    </div>
  );
}
