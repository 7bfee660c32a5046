#!/usr/bin/env node
// axe-core, injected with playwright-core into Debian's Chromium, on one page
// of every kind, at phone (375×812) and desktop (1280×800) widths, each in the
// light and the dark colour scheme (page.emulateMedia({colorScheme})).
//
// Also records what the browser saw go wrong while loading: console errors,
// uncaught page errors, failed requests and subresources with HTTP >= 400,
// and pages that answered with an unexpected status. Every <details> element
// is opened before axe runs, so collapsed content is checked as well.
//
// Usage: node axe.mjs --base http://127.0.0.1:PORT --site SITE_DIR --out REPORT.json [PATH...]
// Without PATHs, the pages come from lib/pages.mjs. Exit 1 on any violation
// or browser error; prints one line per finding and a summary line.

import fs from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROME_FLAGS, freshProfile } from './lib/chrome.mjs';
import { pagesOfEveryKind } from './lib/pages.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const AXE_VERSION = require('axe-core/package.json').version;

const args = process.argv.slice(2);
let base = null;
let site = null;
let out = null;
const explicit = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--base') base = args[++i];
  else if (args[i] === '--site') site = args[++i];
  else if (args[i] === '--out') out = args[++i];
  else explicit.push(args[i]);
}
if (!base || (!site && !explicit.length)) {
  console.error('usage: node axe.mjs --base URL --site SITE_DIR [--out REPORT.json] [PATH...]');
  process.exit(2);
}
base = base.replace(/\/$/, '');

const pages = explicit.length
  ? explicit.map((p) => ({ kind: 'page', path: p, status: null }))
  : pagesOfEveryKind(site);

const VIEWPORTS = [
  { name: 'phone', viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
  { name: 'desktop', viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 },
];
const SCHEMES = ['light', 'dark'];

const report = { axe: AXE_VERSION, base, runs: [], missingKinds: [], browserErrors: [] };
const findings = [];
const contexts = new Set();

async function closeAll() {
  const all = [...contexts];
  contexts.clear();
  await Promise.all(all.map((ctx) => ctx.close().catch(() => {})));
}
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => { closeAll().finally(() => process.exit(130)); });
}

for (const p of pages) {
  if (!p.path) {
    report.missingKinds.push(p.kind);
    findings.push(`missing page kind: no ${p.kind} page in the built site`);
  }
}

const started = Date.now();
// The two widths run side by side, each in its own browser with a fresh profile.
async function auditViewport(vp) {
  const profile = freshProfile('axe-profile-');
  const browserContext = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROME_FLAGS,
    viewport: vp.viewport,
    screen: vp.viewport,
    isMobile: vp.isMobile,
    hasTouch: vp.hasTouch,
    deviceScaleFactor: vp.deviceScaleFactor,
    reducedMotion: 'no-preference',
  });
  contexts.add(browserContext);
  const page = browserContext.pages()[0] || await browserContext.newPage();
  let current = null;
  const seen = new Set();
  const browserError = (what, detail) => {
    if (!current) return;
    const key = `${current.path} ${what} ${detail}`;
    if (seen.has(key)) return; // the same error in another colour scheme/width
    seen.add(key);
    report.browserErrors.push({ page: current.path, kind: current.kind, viewport: vp.name, what, detail });
    findings.push(`browser ${what}: ${current.path} [${vp.name}]: ${detail}`);
  };
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const text = msg.text();
    // The 404 page's own document status shows up as a console error; it is expected.
    if (current?.status === 404 && /status of 404/.test(text) && msg.location()?.url?.endsWith(current.path)) return;
    const at = msg.location()?.url;
    browserError('console error', at && !text.includes(at) ? `${text} (${at})` : text);
  });
  page.on('pageerror', (err) => browserError('page error', String(err.message || err)));
  page.on('requestfailed', (req) => {
    const failure = req.failure()?.errorText || 'failed';
    if (failure === 'net::ERR_ABORTED' && req.resourceType() === 'document') return;
    browserError('request failed', `${req.url()} (${failure})`);
  });
  page.on('response', (res) => {
    if (res.status() < 400) return;
    if (current && res.url() === base + current.path && res.status() === current.status) return;
    browserError('HTTP error', `${res.status()} ${res.url()}`);
  });

  for (const p of pages) {
    if (!p.path) continue;
    current = p;
    const url = base + p.path;
    const t0 = Date.now();
    let response;
    try {
      response = await page.goto(url, { waitUntil: 'networkidle', timeout: 30000 });
    } catch (err) {
      findings.push(`load failed: ${p.path} [${vp.name}]: ${err.message.split('\n')[0]}`);
      report.runs.push({ page: p.path, kind: p.kind, viewport: vp.name, error: err.message });
      continue;
    }
    const status = response?.status();
    // Test what a reader sees after opening every disclosure, too: <details>
    // content is otherwise hidden from most of axe's rules.
    await page.evaluate(() => { for (const d of document.querySelectorAll('details')) d.open = true; });
    if (p.status && status !== p.status) {
      findings.push(`unexpected status: ${p.path} answered ${status}, expected ${p.status}`);
    }
    for (const scheme of SCHEMES) {
      await page.emulateMedia({ colorScheme: scheme });
      // Let transitions on colour-scheme changes settle before measuring contrast.
      await page.waitForTimeout(50);
      const hasAxe = await page.evaluate(() => typeof window.axe === 'object');
      if (!hasAxe) await page.evaluate(AXE_SOURCE);
      const result = await page.evaluate(async () => {
        // eslint-disable-next-line no-undef
        const r = await axe.run(document, { resultTypes: ['violations', 'incomplete'] });
        const slim = (list) => list.map((v) => ({
          id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, tags: v.tags,
          nodes: v.nodes.map((n) => ({
            target: n.target, html: n.html.slice(0, 300), failureSummary: n.failureSummary,
          })),
        }));
        return { violations: slim(r.violations), incomplete: slim(r.incomplete), passes: r.passes.length };
      });
      const run = {
        page: p.path, kind: p.kind, viewport: vp.name, colorScheme: scheme, status,
        ms: Date.now() - t0, ...result,
      };
      report.runs.push(run);
      for (const v of result.violations) {
        for (const n of v.nodes) {
          findings.push(`axe ${v.id} (${v.impact}): ${p.path} [${vp.name}, ${scheme}]: ${n.target.join(' ')} — ${(n.failureSummary || v.help).replace(/\s+/g, ' ').trim()}`);
        }
      }
    }
  }
  current = null;
  contexts.delete(browserContext);
  await browserContext.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
try {
  await Promise.all(VIEWPORTS.map(auditViewport));
} catch (err) {
  await closeAll();
  console.error(`axe: ${err.stack || err}`);
  process.exit(2);
}
const order = (r) => `${r.page}\0${r.viewport}\0${r.colorScheme}`;
report.runs.sort((a, b) => order(a).localeCompare(order(b)));
findings.sort();

const violations = report.runs.reduce((s, r) => s + (r.violations?.length || 0), 0);
const nodes = report.runs.reduce((s, r) => s + (r.violations || []).reduce((a, v) => a + v.nodes.length, 0), 0);
const incomplete = report.runs.reduce((s, r) => s + (r.incomplete?.length || 0), 0);
const byRule = {};
for (const r of report.runs) for (const v of r.violations || []) byRule[v.id] = (byRule[v.id] || 0) + v.nodes.length;
report.summary = {
  pages: pages.filter((p) => p.path).length,
  runs: report.runs.length,
  violations, nodes, incomplete, byRule,
  browserErrors: report.browserErrors.length,
  missingKinds: report.missingKinds.length,
  seconds: (Date.now() - started) / 1000,
};
if (out) fs.writeFileSync(out, JSON.stringify(report, null, 2));
for (const f of findings) console.log(f);
const rules = Object.entries(byRule).map(([k, v]) => `${k}x${v}`).join(' ');
console.log(`SUMMARY violations=${violations} nodes=${nodes} pages=${report.summary.pages} runs=${report.runs.length} incomplete=${incomplete} browser_errors=${report.browserErrors.length} missing_kinds=${report.missingKinds.length}${rules ? ` rules: ${rules}` : ''}`);
process.exit(findings.length ? 1 : 0);
