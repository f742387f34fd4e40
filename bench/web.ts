/**
 * Web UI benchmark.
 * (a) Size of the built SPA: gzipped JavaScript of the first route (the entry script and its
 *     modulepreloads, what every visit loads before anything renders; target <= 200 KB) and the
 *     total JavaScript and CSS of all routes, raw and gzipped.
 * (b) Time to first render of the dashboard in headless Chromium against the real platform
 *     (`k8s-scheduler start`: embedded PGlite, dev sign-in, KUBERNETES=off): a signed-in user whose
 *     team has WEB_BENCH_DEPLOYMENTS deployments (default 6) opens `/` in a new browser context
 *     (empty HTTP cache) WEB_BENCH_RUNS times (default 10, after one discarded warm-up of the
 *     server). From navigation start it prints p50/p99 of first contentful paint, of "dashboard
 *     rendered" (the frame after every deployment card is in the DOM) and of the last
 *     largest-contentful-paint candidate by then (with dev sign-in on, that is usually the dev-mode
 *     banner, painted with the first frame; the element is printed), plus the JavaScript the browser
 *     fetched (compressed or not, as the server sent it).
 * Run: npx tsx bench/web.ts   (builds apps/web first; WEB_BENCH_NO_BUILD=1 uses the existing
 * apps/web/dist; CHROMIUM_PATH overrides /usr/bin/chromium)
 */
import type { BrowserContext } from 'playwright-core';
import { distAssetTotals, firstRouteJsGzipBytes } from '../apps/web/e2e/bundle';
import { apiCall, buildWeb, launchBrowser, startPlatform } from '../apps/web/e2e/harness';

const runs = Number(process.env.WEB_BENCH_RUNS ?? 10);
const deployments = Number(process.env.WEB_BENCH_DEPLOYMENTS ?? 6);
const hostEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root' };
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

type Marks = {
  fcp?: number;
  lcp?: number;
  lcpElement?: string;
  rendered?: number;
  jsRequests: number;
  jsBytes: number;
  jsDecodedBytes: number;
};

/**
 * Runs in the page before any of its scripts: records FCP and LCP candidates, and the first frame
 * after `want` deployment cards of the dashboard exist (rAF, then a message task: after the paint).
 * A string, so the bench type-checks without the DOM library.
 */
const probe = (want: number) => `(() => {
  const m = (window.__bench = {});
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.name === 'first-contentful-paint') m.fcp = e.startTime;
  }).observe({ type: 'paint', buffered: true });
  new PerformanceObserver((list) => {
    const all = list.getEntries();
    const last = all[all.length - 1];
    if (!last) return;
    m.lcp = last.startTime;
    const el = last.element;
    m.lcpElement = el ? el.tagName.toLowerCase() + ' "' + (el.textContent || '').trim().slice(0, 40) + '"' : 'removed element';
  }).observe({ type: 'largest-contentful-paint', buffered: true });
  const cards = 'section[aria-labelledby="dash-deployments"] a[aria-label^="Details of "]';
  const seen = new MutationObserver(() => {
    if (document.querySelectorAll(cards).length < ${want}) return;
    seen.disconnect();
    requestAnimationFrame(() => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => { m.rendered = performance.now(); performance.mark('dashboard-rendered'); };
      ch.port2.postMessage(null);
    });
  });
  seen.observe(document, { childList: true, subtree: true });
})()`;

const readMarks = `(() => {
  const js = performance.getEntriesByType('resource').filter((r) => r.initiatorType === 'script' || r.name.endsWith('.js'));
  return { ...window.__bench, jsRequests: js.length, jsBytes: js.reduce((a, r) => a + r.encodedBodySize, 0),
    jsDecodedBytes: js.reduce((a, r) => a + r.decodedBodySize, 0) };
})()`;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** Seeds an enterprise org (no deployment limit) with a team and `count` deployments of static-site. */
async function seed(context: BrowserContext, count: number): Promise<void> {
  await apiCall(context, 'POST', '/dev/login', {});
  const org = await apiCall<{ id: string }>(context, 'POST', '/api/orgs', { name: 'Bench Org' });
  await apiCall(context, 'PUT', `/api/orgs/${org.id}/tier`, { tier: 'enterprise' });
  const team = await apiCall<{ id: string }>(context, 'POST', `/api/orgs/${org.id}/teams`, {
    name: 'Bench Team',
  });
  await apiCall(context, 'PUT', '/api/me/current-team', { teamId: team.id });
  const templates = await apiCall<{ items: Array<{ id: string; name: string }> }>(
    context,
    'GET',
    '/api/templates',
  );
  const templateId = templates.items.find((t) => t.name === 'static-site')?.id;
  if (!templateId) throw new Error('the static-site template is missing');
  for (let i = 1; i <= count; i++) {
    await apiCall(context, 'POST', '/api/deployments', { templateId, teamId: team.id, name: `site-${i}` });
  }
}

// (a) bundle size
if (process.env.WEB_BENCH_NO_BUILD !== '1') buildWeb(hostEnv);
const first = firstRouteJsGzipBytes();
const all = distAssetTotals();
console.log(
  `web: first-route JavaScript: ${kb(first.total)} gzipped in ${Object.keys(first.files).length} files (target <= 200 KB: ${first.total <= 200 * 1024 ? 'met' : 'MISSED'})`,
);
console.log(
  `web: all JavaScript: ${all.js.files} files, ${kb(all.js.bytes)} raw, ${kb(all.js.gzipBytes)} gzipped`,
);
console.log(
  `web: all CSS: ${all.css.files} files, ${kb(all.css.bytes)} raw, ${kb(all.css.gzipBytes)} gzipped`,
);

// (b) time to first render of the dashboard
const platform = await startPlatform(hostEnv);
const browser = await launchBrowser(process.env.CHROMIUM_PATH);
try {
  const seedContext = await browser.newContext({ baseURL: platform.base });
  await seed(seedContext, deployments);
  const storageState = await seedContext.storageState();
  await seedContext.close();

  const samples: Marks[] = [];
  for (let i = 0; i <= runs; i++) {
    const context = await browser.newContext({
      baseURL: platform.base,
      storageState,
      viewport: { width: 1280, height: 900 },
    });
    const page = await context.newPage();
    await page.addInitScript(probe(deployments));
    await page.goto('/');
    await page
      .getByRole('link', { name: /^Details of site-/ })
      .nth(deployments - 1)
      .waitFor();
    await page.waitForFunction('window.__bench.rendered !== undefined');
    const marks = (await page.evaluate(readMarks)) as Marks;
    await context.close();
    if (i > 0) samples.push(marks); // run 0 warms the server up
  }

  const line = (label: string, pick: (m: Marks) => number | undefined) => {
    const values = samples.map(pick).filter((v): v is number => v !== undefined);
    if (values.length === 0) return console.log(`web: ${label}: not reported by the browser`);
    console.log(
      `web: ${label}: p50 ${percentile(values, 50).toFixed(0)} ms, p99 ${percentile(values, 99).toFixed(0)} ms (${values.length} runs)`,
    );
  };
  console.log(
    `web: dashboard with ${deployments} deployment cards, cold cache, ${runs} runs, headless Chromium 1280x900`,
  );
  line('first contentful paint', (m) => m.fcp);
  line('dashboard rendered (all cards)', (m) => m.rendered);
  line('largest contentful paint (by then)', (m) => m.lcp);
  const lcpElement = samples.at(-1)?.lcpElement;
  if (lcpElement) console.log(`web: largest contentful paint element (last run): ${lcpElement}`);
  const js = samples[0];
  if (js) {
    const encoding = js.jsBytes < js.jsDecodedBytes ? 'compressed' : 'uncompressed';
    console.log(
      `web: JavaScript fetched for the dashboard: ${js.jsRequests} requests, ${kb(js.jsBytes)} over the wire (${encoding}; ${kb(js.jsDecodedBytes)} decoded)`,
    );
  }
} finally {
  await browser.close();
  await platform.stop();
}
