/**
 * Redirect targets come from the URL, so they are attacker-controlled: only same-origin paths are
 * followed ("/x", never "//evil.example" or "https://..."), anything else falls back to the dashboard.
 */
export function safeRedirect(raw: string | null | undefined, fallback = '/'): string {
  if (!raw) return fallback;
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return fallback;
  // Control characters can smuggle a scheme past naive checks in some browsers.
  if ([...raw].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)) return fallback;
  if (raw === '/signin' || raw.startsWith('/signin?') || raw.startsWith('/signin/')) return fallback;
  return raw;
}

/** The sign-in page URL that returns to `from` afterwards. */
export function signInPath(from: string): string {
  const target = safeRedirect(from);
  return target === '/' ? '/signin' : `/signin?redirect=${encodeURIComponent(target)}`;
}

export type OAuthProvider = 'google' | 'oidc';

/** The server route that starts an OAuth/OIDC sign-in and comes back to `redirect`. */
export function oauthLoginUrl(provider: OAuthProvider, redirect: string): string {
  const params = new URLSearchParams({ provider, redirect: safeRedirect(redirect) });
  return `/login?${params.toString()}`;
}
