// Comparison tables on clause-type pages (issue 7): sortable by platform,
// severity and date, filterable by severity and sector.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serve, browser, watch, siteDir } from "./lib.mjs";

const PAGE = "/provisions/competing-model-training-ban/";
let server, chrome;

before(async () => {
  server = await serve(siteDir());
  chrome = await browser();
});

after(async () => {
  await chrome?.close();
  await server?.close();
});

const rowKeys = (page) => page.$$eval("table.comparison tbody tr", (rows) =>
  rows.filter((r) => !r.hidden).map((r) => r.cells[0].textContent.trim() + "|" + r.dataset.severity + "|" + r.dataset.date));

test("sorting the comparison table by severity reorders it", async () => {
  const page = await chrome.context.newPage();
  const problems = watch(page);
  await page.goto(server.base + PAGE);
  const sev = page.locator("table.comparison thead th[data-sort=severity]");
  const before = await rowKeys(page);
  assert.ok(before.some((k) => k.includes("|low|")), "the fixture page has a low-severity row");
  await sev.getByRole("button").click();
  assert.equal(await sev.getAttribute("aria-sort"), "descending");
  const desc = await rowKeys(page);
  assert.notDeepEqual(desc, before, "the order changed");
  const rank = { high: 3, medium: 2, low: 1 };
  const ranks = desc.map((k) => rank[k.split("|")[1]]);
  assert.deepEqual(ranks, [...ranks].sort((a, b) => b - a), "high to low");
  await sev.getByRole("button").click();
  assert.equal(await sev.getAttribute("aria-sort"), "ascending");
  const asc = (await rowKeys(page)).map((k) => rank[k.split("|")[1]]);
  assert.deepEqual(asc, [...asc].sort((a, b) => a - b), "low to high");
  // Only one column is marked sorted.
  assert.equal(await page.locator("table.comparison thead th[aria-sort]").count(), 1);
  assert.deepEqual(problems, []);
  await page.close();
});

test("sorting by date and platform", async () => {
  const page = await chrome.context.newPage();
  await page.goto(server.base + PAGE);
  await page.locator("th[data-sort=date] button").click();
  const dates = (await rowKeys(page)).map((k) => k.split("|")[2]);
  assert.deepEqual(dates, [...dates].sort().reverse(), "newest first");
  await page.locator("th[data-sort=platform] button").click();
  const names = (await rowKeys(page)).map((k) => k.split("|")[0].toLowerCase());
  assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b)), "A to Z");
  await page.close();
});

test("filters by severity and sector hide other rows", async () => {
  const page = await chrome.context.newPage();
  await page.goto(server.base + PAGE);
  const all = (await rowKeys(page)).length;
  await page.selectOption(".table-controls select[name=severity]", "low");
  const low = await rowKeys(page);
  assert.ok(low.length > 0 && low.length < all);
  assert.ok(low.every((k) => k.includes("|low|")));
  assert.match(await page.locator(".table-controls [role=status]").innerText(), new RegExp(`Showing ${low.length} of ${all}`));
  await page.selectOption(".table-controls select[name=severity]", "");
  await page.selectOption(".table-controls select[name=sector]", "streaming");
  const streaming = await page.$$eval("table.comparison tbody tr", (rows) => rows.filter((r) => !r.hidden).map((r) => r.dataset.sector));
  assert.ok(streaming.length > 0 && streaming.length < all && streaming.every((s) => s === "streaming"));
  await page.close();
});

test("without JavaScript the table is a plain table", async () => {
  const plain = await browser({ javaScriptEnabled: false });
  try {
    const page = await plain.context.newPage();
    await page.goto(server.base + PAGE);
    assert.equal(await page.locator("table.comparison thead button").count(), 0);
    assert.equal(await page.locator(".table-controls").count(), 0);
    assert.ok((await page.locator("table.comparison tbody tr").count()) > 1);
  } finally {
    await plain.close();
  }
});
