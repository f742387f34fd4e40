import type { OrgUsage } from '@k8s-scheduler/contracts';

type Line = OrgUsage['deployments'];

/** A usage line in words: "1 of 5", "750m of 1 CPU", "512 MiB of 1 GiB", "3 (unlimited)". */
export function usageText(line: Line): string {
  const fmt = (n: number) => {
    if (line.unit === 'millicores') return n % 1000 === 0 ? `${n / 1000} CPU` : `${n}m CPU`;
    if (line.unit === 'bytes') {
      const gib = n / 1024 ** 3;
      return gib >= 1 ? `${Number(gib.toFixed(1))} GiB` : `${Math.round(n / 1024 ** 2)} MiB`;
    }
    return String(n);
  };
  return line.max === null ? `${fmt(line.used)} (unlimited)` : `${fmt(line.used)} of ${fmt(line.max)}`;
}

/** Percentage of the limit used, capped at 100 for the bar; null when unlimited. */
export function usagePercent(line: Line): number | null {
  if (line.max === null) return null;
  if (line.max === 0) return line.used > 0 ? 100 : 0;
  return Math.min(100, Math.round((line.used / line.max) * 100));
}

/** Over (or at) the limit: creation is blocked until use is back under it. */
export const atLimit = (line: Line) => line.max !== null && line.used >= line.max;
