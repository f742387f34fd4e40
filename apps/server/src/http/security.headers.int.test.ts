import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, loadConfig } from '@k8s-scheduler/config';
import { createPlatform, type Platform } from '../platform';
import { securityHeaders } from './security.headers';

/** Every answer carries the security headers: API, errors, the SPA and its assets. */
describe('security headers', () => {
  let dir: string;
  let platform: Platform;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ks-headers-'));
    const web = path.join(dir, 'dist');
    mkdirSync(path.join(web, 'assets'), { recursive: true });
    writeFileSync(path.join(web, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(path.join(web, 'assets', 'index-AbC123.js'), 'console.log(1);\n');
    const config = loadConfig(
      {
        NODE_ENV: 'test',
        DATA_DIR: path.join(dir, 'data'),
        LOG_LEVEL: 'silent',
        KUBERNETES: 'off',
        DEV_MODE: 'true',
        PUBLIC_URL: 'https://platform.example.com',
      },
      'server',
    );
    platform = await createPlatform(config, createLogger(config.logLevel), { webDist: web });
  });
  afterAll(async () => {
    await platform?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const expectHeaders = (headers: Record<string, unknown>, what: string) => {
    const csp = String(headers['content-security-policy'] ?? '');
    expect(csp, what).toContain("default-src 'self'");
    expect(csp, what).toContain("frame-ancestors 'none'");
    expect(csp, what).toContain("script-src 'self'");
    expect(csp, what).not.toMatch(/script-src[^;]*unsafe/);
    expect(headers['x-content-type-options'], what).toBe('nosniff');
    expect(headers['referrer-policy'], what).toBe('strict-origin-when-cross-origin');
    expect(headers['strict-transport-security'], what).toBe('max-age=31536000');
  };

  it('on API answers, errors, the SPA and its assets', async () => {
    const cases = [
      ['/api/config', 200],
      ['/health', 200],
      ['/api/me', 401],
      ['/api/no-such-route', 404],
      ['/teams', 200],
      ['/invitations/abc', 200],
      ['/assets/index-AbC123.js', 200],
    ] as const;
    for (const [url, status] of cases) {
      const res = await platform.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(status);
      expectHeaders(res.headers, url);
    }
    const bad = await platform.app.inject({
      method: 'POST',
      url: '/dev/login',
      headers: { 'content-type': 'application/json', 'x-requested-with': 'k8s-scheduler' },
      payload: '{not json',
    });
    expect(bad.statusCode).toBe(400);
    expectHeaders(bad.headers, 'malformed JSON');
  });

  it('sends HSTS only when the public URL is https', () => {
    expect(securityHeaders('http://localhost:8081')['strict-transport-security']).toBeUndefined();
    expect(securityHeaders('https://p.example.com')['strict-transport-security']).toBe('max-age=31536000');
  });
});
