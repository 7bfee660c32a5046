// Measures search on a built site in Chromium (issue 7): the index's
// total size, what each query downloads from a cold cache, and how long a
// query takes once its files are loaded.
//
//   node .ci/browser/measure.mjs SITE_DIR [query …]
//
// Without queries it measures "training", "arbitration class action" and
// the name of a platform from the index. Sizes are raw bytes and, in
// parentheses, gzip level 6 as a CDN would send them.
import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { serve, browser } from "./lib.mjs";

const [dir, ...args] = process.argv.slice(2);
if (!dir) {
  console.error("usage: node measure.mjs SITE_DIR [query …]");
  process.exit(2);
}
const kb = (n) => (n / 1024).toFixed(1) + " KB";
const gz = (b) => gzipSync(b, { level: 6 }).length;

async function walk(d) {
  const out = [];
  for (const e of await readdir(d, { withFileTypes: true })) {
    const p = join(d, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else out.push(p);
  }
  return out;
}

const manifest = JSON.parse(await readFile(join(dir, "search/index.json"), "utf8"));
const files = [join(dir, "search/index.json"), ...(await walk(join(dir, "static/search")))];
let raw = 0, zipped = 0;
const byKind = {};
for (const f of files) {
  if (f.endsWith("index.html")) continue;
  const b = await readFile(f);
  raw += b.length;
  zipped += gz(b);
  const kind = f.includes("/static/search/") ? f.split("/static/search/")[1].split("/")[0] : "manifest";
  byKind[kind] = byKind[kind] || [0, 0];
  byKind[kind][0]++;
  byKind[kind][1] += b.length;
}
console.log(`index: ${manifest.docs} documents; ${files.length - 1} files, ${kb(raw)} (${kb(zipped)} gzip)`);
console.log("  " + Object.entries(byKind).map(([k, [n, b]]) => `${k}: ${n} files, ${kb(b)}`).join("; "));

const queries = args.length ? args : ["training", "arbitration class action", manifest.platforms[Math.floor(manifest.platforms.length / 2)][1]];
const server = await serve(dir);
const rows = [];
for (const q of queries) {
  const chrome = await browser(); // a fresh profile: nothing cached
  const page = await chrome.context.newPage();
  const got = [];
  page.on("response", async (r) => {
    const u = new URL(r.url());
    if (u.pathname !== "/search/index.json" && !u.pathname.startsWith("/static/search/")) return;
    try {
      const b = await r.body();
      got.push({ path: u.pathname, raw: b.length, gz: gz(b) });
    } catch {}
  });
  await page.goto(server.base + "/search/");
  await page.waitForFunction(() => window.ClauseAtlasSearch && window.ClauseAtlasSearch.index);
  // Cold: from the input event to the results drawn, every file fetched
  // on the way (less the 120 ms typing debounce).
  const cold = await page.evaluate((q) => new Promise((resolve, reject) => {
    setTimeout(() => reject(new Error("no results drawn in 60 s")), 60000);
    const input = document.querySelector("#search-q");
    const list = document.querySelector("[data-results]");
    let t0 = 0;
    const obs = new MutationObserver(() => {
      if (!list.childElementCount) return;
      obs.disconnect();
      resolve(performance.now() - t0 - 120);
    });
    obs.observe(list, { childList: true });
    input.value = q;
    t0 = performance.now();
    input.dispatchEvent(new Event("input"));
  }), q);
  await page.waitForTimeout(300);
  const status = await page.locator("[data-status]").innerText();
  const timing = await page.evaluate(async (q) => {
    const idx = window.ClauseAtlasSearch.index;
    const rank = [], full = [], ui = [];
    for (let i = 0; i < 15; i++) {
      const t0 = performance.now();
      const res = await idx.search(q, {}, 20);
      await idx.docs(res.hits.map((h) => h.id));
      full.push(performance.now() - t0);
      rank.push(res.ms);
    }
    // Through the page: input event to the results list redrawn, less the
    // 120 ms typing debounce.
    const input = document.querySelector("#search-q");
    const list = document.querySelector("[data-results]");
    for (let i = 0; i < 9; i++) {
      ui.push(await new Promise((resolve, reject) => {
        setTimeout(() => reject(new Error("no results drawn in 10 s")), 10000);
        let t0 = 0;
        const obs = new MutationObserver(() => { obs.disconnect(); resolve(performance.now() - t0 - 120); });
        obs.observe(list, { childList: true });
        input.value = i % 2 ? q + " " : q;
        t0 = performance.now();
        input.dispatchEvent(new Event("input"));
      }));
    }
    const med = (a) => a.sort((x, y) => x - y)[Math.floor(a.length / 2)];
    return { first: full[0], rank: med(rank), full: med(full), ui: med(ui), uiMax: Math.max(...ui) };
  }, q);
  const man = got.filter((g) => g.path === "/search/index.json");
  const rest = got.filter((g) => g.path !== "/search/index.json");
  const sum = (a, k) => a.reduce((s, g) => s + g[k], 0);
  rows.push({ q, status, cold, files: rest.length, raw: sum(rest, "raw"), gz: sum(rest, "gz"), manRaw: sum(man, "raw"), manGz: sum(man, "gz"), ...timing });
  await chrome.close();
}
await server.close();
for (const r of rows) {
  console.log(`\n“${r.q}”: ${r.status}`);
  console.log(`  downloads: manifest ${kb(r.manRaw)} (${kb(r.manGz)} gzip) + ${r.files} files ${kb(r.raw)} (${kb(r.gz)} gzip) = ${kb(r.manRaw + r.raw)} (${kb(r.manGz + r.gz)} gzip)`);
  console.log(`  cold, fetching them: typing to results drawn ${r.cold.toFixed(1)} ms (debounce excluded)`);
  console.log(`  with its files loaded: first run ${r.first.toFixed(1)} ms; median of 15: ranking ${r.rank.toFixed(1)} ms, ranking + the first 20 results' rows ${r.full.toFixed(1)} ms; typing to results drawn ${r.ui.toFixed(1)} ms (max ${r.uiMax.toFixed(1)} ms, debounce excluded)`);
}
