import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, brotliDecompressSync, gzipSync, brotliCompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, createLogger } from '@k8s-scheduler/config';
import { createPlatform, type Platform } from '../platform';

/** The built SPA as the server sends it: pre-compressed variants, cache lifetimes, history fallback. */
describe('serving the built SPA', () => {
  let dir: string;
  let platform: Platform;
  const script = `console.log(${JSON.stringify('k8s-scheduler '.repeat(200))});\n`;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ks-static-'));
    const web = path.join(dir, 'dist');
    mkdirSync(path.join(web, 'assets'), { recursive: true });
    writeFileSync(path.join(web, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(path.join(web, 'favicon.svg'), '<svg/>');
    writeFileSync(path.join(web, 'assets', 'index-AbC123.js'), script);
    writeFileSync(path.join(web, 'assets', 'index-AbC123.js.gz'), gzipSync(script));
    writeFileSync(path.join(web, 'assets', 'index-AbC123.js.br'), brotliCompressSync(script));
    const config = loadConfig(
      {
        NODE_ENV: 'test',
        DATA_DIR: path.join(dir, 'data'),
        LOG_LEVEL: 'silent',
        KUBERNETES: 'off',
        DEV_MODE: 'true',
      },
      'server',
    );
    platform = await createPlatform(config, createLogger(config.logLevel), { webDist: web });
  });
  afterAll(async () => {
    await platform?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (url: string, encoding?: string) =>
    platform.app.inject({ method: 'GET', url, headers: encoding ? { 'accept-encoding': encoding } : {} });

  it('sends the brotli variant to browsers that accept it, gzip to the others, plain otherwise', async () => {
    const br = await get('/assets/index-AbC123.js', 'gzip, deflate, br');
    expect(br.statusCode, br.body).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(script);

    const gz = await get('/assets/index-AbC123.js', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(script);
    expect(gz.rawPayload.length).toBeLessThan(script.length / 5);

    const plain = await get('/assets/index-AbC123.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(script);
  });

  it('caches hashed assets for a year, revalidates index.html, and gives other files an hour', async () => {
    expect((await get('/assets/index-AbC123.js', 'br')).headers['cache-control']).toBe(
      'public, max-age=31536000, immutable',
    );
    expect((await get('/favicon.svg')).headers['cache-control']).toBe('public, max-age=3600');
    const page = await get('/deployments/some-id');
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.body).toContain('id="root"');
  });

  it('answers a missing asset and unknown API paths with 404, not the SPA', async () => {
    expect((await get('/api/nothing-here')).headers['content-type']).toMatch(/problem\+json/);
    expect((await get('/api/nothing-here')).statusCode).toBe(404);
  });
});
