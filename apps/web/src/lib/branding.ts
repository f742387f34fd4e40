import type { Branding } from '@k8s-scheduler/contracts';

export const defaultBranding: Branding = { name: 'k8s-scheduler', logoUrl: null, primaryColor: '#4f46e5' };

const HEX = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

/** Expands "#abc" to "#aabbcc"; returns null for anything that is not a hex colour. */
export function normalizeHex(color: string): string | null {
  const value = color.trim();
  if (!HEX.test(value)) return null;
  if (value.length === 4) {
    const [, r, g, b] = value;
    return `#${r}${r}${g}${g}${b}${b}`.toLowerCase();
  }
  return value.toLowerCase();
}

function channel(hex: string, offset: number): number {
  const c = parseInt(hex.slice(offset, offset + 2), 16) / 255;
  return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** WCAG relative luminance of a #rrggbb colour. */
export function luminance(hex: string): number {
  return 0.2126 * channel(hex, 1) + 0.7152 * channel(hex, 3) + 0.0722 * channel(hex, 5);
}

/** Text colour (white or near-black) with the better WCAG contrast on the given background. */
export function readableForeground(background: string): '#ffffff' | '#0f172a' {
  const hex = normalizeHex(background);
  if (!hex) return '#ffffff';
  const l = luminance(hex);
  const onWhite = 1.05 / (l + 0.05);
  const onDark = (l + 0.05) / (luminance('#0f172a') + 0.05);
  return onWhite >= onDark ? '#ffffff' : '#0f172a';
}

/**
 * The CSS variables the theme reads. A client's primary colour is only accepted as a hex colour:
 * the value lands in a style attribute, so free-form strings are not passed through.
 */
export function brandCssVariables(
  branding: Pick<Branding, 'primaryColor'>,
): Record<'--brand' | '--brand-fg', string> {
  const hex = normalizeHex(branding.primaryColor) ?? defaultBranding.primaryColor;
  return { '--brand': hex, '--brand-fg': readableForeground(hex) };
}

/** Applies the branding colour to the document root. */
export function applyBranding(
  branding: Pick<Branding, 'primaryColor'>,
  root: HTMLElement = document.documentElement,
): void {
  for (const [name, value] of Object.entries(brandCssVariables(branding)))
    root.style.setProperty(name, value);
}
