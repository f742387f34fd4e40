/**
 * The security headers of every answer (API, SPA, assets, errors). The policy fits the built SPA:
 * its scripts are files of its own origin (no inline script, no eval); styles may also be inline
 * because CodeMirror writes its own at run time, as a <style> element on browsers without
 * constructable stylesheets; images may come from a client's
 * branding logo URL (https) or be data: URIs; it talks to its own origin only (fetch and the event
 * stream). Nothing may frame it, nor post a form elsewhere.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: https:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Header name → value; HSTS only when the platform's public URL is https. */
export function securityHeaders(publicUrl: string): Record<string, string> {
  return {
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'x-frame-options': 'DENY',
    ...(publicUrl.startsWith('https://') ? { 'strict-transport-security': 'max-age=31536000' } : {}),
  };
}
