#!/usr/bin/env node
// Lighthouse 12 (mobile preset, the default) in Debian's Chromium on the home
// page, a platform page, the reference clause page and a clause-type page.
// Each of performance, accessibility, best practices and SEO is reported; a
// score below LH_MIN (default 95; LH_MIN_PERFORMANCE etc. per category) fails.
// Every weighted audit that did not score 1 is listed, also on passing pages.
//
// Usage: node lighthouse.mjs --base URL --site SITE_DIR --out-dir DIR [PATH...]

import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CHROMIUM, CHROME_FLAGS, freshProfile } from './lib/chrome.mjs';
import { REFERENCE } from './lib/pages.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const LH_BIN = path.join(here, 'node_modules', 'lighthouse', 'cli', 'index.js');

const args = process.argv.slice(2);
let base = null;
let site = null;
let outDir = null;
const explicit = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--base') base = args[++i];
  else if (args[i] === '--site') site = args[++i];
  else if (args[i] === '--out-dir') outDir = args[++i];
  else explicit.push(args[i]);
}
if (!base || !outDir) {
  console.error('usage: node lighthouse.mjs --base URL --site SITE_DIR --out-dir DIR [PATH...]');
  process.exit(2);
}
base = base.replace(/\/$/, '');
fs.mkdirSync(outDir, { recursive: true });

const CATS = [
  ['performance', 'perf', 'LH_MIN_PERFORMANCE'],
  ['accessibility', 'a11y', 'LH_MIN_ACCESSIBILITY'],
  ['best-practices', 'bp', 'LH_MIN_BEST_PRACTICES'],
  ['seo', 'seo', 'LH_MIN_SEO'],
];
const MIN = Number(process.env.LH_MIN || 95);
const min = (env) => Number(process.env[env] || MIN);
const RUNS = 5;
const MAJORITY = Math.floor(RUNS / 2) + 1;

const pages = explicit.length ? explicit : ['/', REFERENCE.platform, REFERENCE.clause, REFERENCE.type];
const KIND = { '/': 'home', [REFERENCE.platform]: 'platform', [REFERENCE.clause]: 'clause', [REFERENCE.type]: 'clause type' };
const kindOf = (p) => KIND[p] || 'page';

let child = null;
let stopping = false;
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    stopping = true;
    // Lighthouse closes its Chromium on SIGINT.
    if (child) child.kill('SIGINT');
    setTimeout(() => process.exit(130), 3000).unref();
  });
}

function runLighthouse(url, jsonPath, profile) {
  const flags = [...CHROME_FLAGS, `--user-data-dir=${profile}`].join(' ');
  const argv = [
    LH_BIN, url, '--quiet', '--output=json', `--output-path=${jsonPath}`,
    '--only-categories=performance,accessibility,best-practices,seo',
    `--chrome-flags=${flags}`,
  ];
  if (process.env.LH_PRESET === 'desktop') argv.push('--preset=desktop');
  return new Promise((resolve) => {
    child = spawn(process.execPath, argv, {
      env: { ...process.env, CHROME_PATH: CHROMIUM },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stdout.on('data', (d) => { stderr += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('close', (code) => { child = null; resolve({ code, stderr }); });
  });
}

const lines = [];
let failed = 0;
const summary = [];
for (const p of pages) {
  if (stopping) break;
  const name = p === '/' ? 'home' : p.replace(/^\/|\/$/g, '').replace(/[^a-z0-9]+/gi, '_').slice(0, 80);
  if (site && !fs.existsSync(path.join(site, p, 'index.html'))) {
    failed++;
    const row = { page: p, state: 'FAIL', detail: 'page not in the built site' };
    summary.push(row);
    lines.push(`ROW\t${kindOf(p)}\t${p}\tFAIL\tpage not in the built site`);
    continue;
  }
  // One run; if any category falls below its minimum, up to four more and
  // the median of each category over five (Lighthouse's own advice for its
  // run-to-run variance). On 2 shared cores a clause page's performance
  // score moved from 82 to 97 between runs, and a page of one paragraph
  // had a Total Blocking Time of 185-220 ms, all browser work; the median
  // of three still failed about one CI run in ten. Runs stop once the
  // majority of five is decided either way.
  const runs = [];
  let error = null;
  const t0 = Date.now();
  const decided = () => CATS.every(([, short, env]) => {
    const ok = runs.filter((r) => r.scores[short] != null && r.scores[short] >= min(env)).length;
    return ok >= MAJORITY || runs.length - ok >= MAJORITY;
  });
  for (let i = 0; i < RUNS && !stopping; i++) {
    const jsonPath = path.join(outDir, `lighthouse-${name}${i ? `-run${i + 1}` : ''}.json`);
    // A run that fails to record the page load's trace (NO_NAVSTART and
    // the like: Lighthouse says "Please run Lighthouse again") is a
    // browser hiccup, not the page's doing: run again, twice at most.
    let code, stderr;
    for (let tries = 0; ; tries++) {
      const profile = freshProfile('lh-profile-');
      ({ code, stderr } = await runLighthouse(base + p, jsonPath, profile));
      fs.rmSync(profile, { recursive: true, force: true });
      if (code === 0 || tries === 2 || stopping || !/Please run Lighthouse again/.test(stderr)) break;
      console.error(`lighthouse ${p}: retrying after: ${stderr.trim().split('\n').slice(-1)[0]}`);
    }
    if (code !== 0 || !fs.existsSync(jsonPath)) {
      error = `lighthouse exited ${code}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`;
      break;
    }
    const lhr = JSON.parse(fs.readFileSync(jsonPath, 'utf8'));
    const scores = {};
    for (const [id, short] of CATS) {
      const sc = lhr.categories[id]?.score;
      scores[short] = sc == null ? null : Math.round(sc * 100);
    }
    runs.push({ lhr, scores, jsonPath });
    const low = CATS.some(([, short, env]) => scores[short] == null || scores[short] < min(env));
    if (i === 0 && !low) break;
    if (decided()) break;
  }
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  if (error || !runs.length) {
    failed++;
    summary.push({ page: p, state: 'FAIL', detail: error || 'interrupted' });
    lines.push(`ROW\t${kindOf(p)}\t${p}\tFAIL\t${error || 'interrupted'} (${secs}s)`);
    continue;
  }
  const median = (xs) => {
    const v = xs.filter((x) => x != null).sort((a, b) => a - b);
    return v.length ? v[Math.floor((v.length - 1) / 2)] : null;
  };
  const scores = {};
  const below = [];
  for (const [, short, env] of CATS) {
    scores[short] = median(runs.map((r) => r.scores[short]));
    if (scores[short] == null || scores[short] < min(env)) below.push(`${short}=${scores[short]}<${min(env)}`);
  }
  // Details come from the run whose performance score is the median one.
  const perfMedian = scores.perf;
  const { lhr, jsonPath } = runs.find((r) => r.scores.perf === perfMedian) || runs[0];
  const runNote = runs.length > 1
    ? `, median of ${runs.length} runs: ${runs.map((r) => `perf=${r.scores.perf}/a11y=${r.scores.a11y}/bp=${r.scores.bp}/seo=${r.scores.seo}`).join(', ')}`
    : '';
  // Lighthouse's CPU benchmark: about 1,300+ on an idle machine of this kind;
  // far lower means other work competed for the 2 cores during the run.
  const bench = runs.map((r) => Math.round(r.lhr.environment?.benchmarkIndex || 0)).join('/');
  const lost = [];
  for (const [id] of CATS) {
    for (const ref of lhr.categories[id]?.auditRefs || []) {
      const a = lhr.audits[ref.id];
      if (!ref.weight || a.score == null || a.score >= 1) continue;
      const items = (a.details?.items || []).slice(0, 5).map((it) => {
        const node = it.node?.snippet || it.node?.selector || it.url || it.source?.url || it.description || '';
        return String(node).replace(/\s+/g, ' ').slice(0, 160);
      }).filter(Boolean);
      lost.push(`${id}/${ref.id} score=${a.score}${a.displayValue ? ` (${a.displayValue})` : ''}: ${a.title}${items.length ? ` — ${items.join(' ; ')}` : ''}`);
    }
  }
  const warnings = (lhr.runWarnings || []).map((w) => `run warning: ${w}`);
  const state = below.length ? 'FAIL' : 'ok';
  if (below.length) failed++;
  const detail = `perf=${scores.perf} a11y=${scores.a11y} bp=${scores.bp} seo=${scores.seo} (${secs}s, cpu benchmark ${bench}${runNote})${below.length ? ` below: ${below.join(' ')}` : ''}`;
  summary.push({ page: p, state, scores, runs: runs.map((r) => ({ scores: r.scores, report: r.jsonPath })), lost, warnings, report: jsonPath });
  lines.push(`ROW\t${kindOf(p)}\t${p}\t${state}\t${detail}`);
  for (const l of [...lost, ...warnings]) lines.push(`  ${p}: ${l}`);
}
fs.writeFileSync(path.join(outDir, 'lighthouse-summary.json'), JSON.stringify(summary, null, 2));
for (const l of lines) console.log(l);
process.exit(failed || stopping ? 1 : 0);
