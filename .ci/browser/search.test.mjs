// Search in a real browser (issue 7): the header box's results popup, the
// /search/ page with filters and keyboard use, and the form without
// JavaScript.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serve, browser, watch, siteDir } from "./lib.mjs";

const BEDROCK = "Prohibition on Training Competing Models with Bedrock Outputs";
let server, chrome, noJS;

before(async () => {
  server = await serve(siteDir());
  chrome = await browser();
  noJS = await browser({ javaScriptEnabled: false });
});

after(async () => {
  await chrome?.close();
  await noJS?.close();
  await server?.close();
});

test("typing 'training' in the header box lists the AWS Bedrock clause", async () => {
  const page = await chrome.context.newPage();
  const problems = watch(page);
  await page.goto(server.base + "/");
  const box = page.locator("#site-q");
  await box.click();
  await box.pressSequentially("training", { delay: 40 });
  const option = page.getByRole("option", { name: new RegExp(BEDROCK) });
  await option.waitFor({ timeout: 10000 });
  assert.equal(await box.getAttribute("role"), "combobox");
  assert.equal(await box.getAttribute("aria-expanded"), "true");
  const listID = await box.getAttribute("aria-controls");
  assert.equal(await page.locator("#" + listID).getAttribute("role"), "listbox");
  // The match is highlighted.
  assert.match(await option.locator("mark").first().innerText(), /training/i);
  // Arrow keys move the active option; Enter opens it.
  await box.press("ArrowDown");
  const active = await box.getAttribute("aria-activedescendant");
  assert.ok(active, "aria-activedescendant is set");
  assert.equal(await page.locator("#" + active).getAttribute("aria-selected"), "true");
  const count = await page.locator("#" + listID + " [role=option]").count();
  let i = 0;
  while ((await page.locator("#" + (await box.getAttribute("aria-activedescendant"))).innerText()).indexOf(BEDROCK) < 0 && i++ < count) {
    await box.press("ArrowDown");
  }
  await Promise.all([page.waitForURL(/prohibition-on-training-competing-models-with-bedrock-outputs\/$/), box.press("Enter")]);
  // Escape closes the popup.
  await page.goto(server.base + "/platforms/");
  await page.locator("#site-q").click();
  await page.locator("#site-q").pressSequentially("bedrock", { delay: 30 });
  await page.getByRole("option").first().waitFor();
  await page.locator("#site-q").press("Escape");
  assert.equal(await page.locator("#site-q").getAttribute("aria-expanded"), "false");
  assert.deepEqual(problems, []);
  await page.close();
});

test("the search page runs ?q= on load, ranks titles first and announces the count", async () => {
  const page = await chrome.context.newPage();
  const problems = watch(page);
  await page.goto(server.base + "/search/?q=training");
  const results = page.locator("#search-results [role=option]");
  await page.getByRole("option", { name: new RegExp(BEDROCK) }).waitFor({ timeout: 10000 });
  assert.equal(await page.locator("#search-q").inputValue(), "training");
  const status = await page.locator("[data-status]").innerText();
  assert.match(status, /^\d+ results? for “training”/);
  assert.equal(await page.locator("[data-status]").getAttribute("role"), "status");
  // The browse list gives way to the results.
  assert.equal(await page.locator("[data-browse]").isHidden(), true);
  // Ranked: the first result has the word in its title.
  assert.match(await results.first().locator(".search-title").innerText(), /train/i);
  assert.deepEqual(problems, []);
  await page.close();
});

test("a filter narrows the results", async () => {
  const page = await chrome.context.newPage();
  const problems = watch(page);
  await page.goto(server.base + "/search/?q=training");
  await page.getByRole("option", { name: new RegExp(BEDROCK) }).waitFor({ timeout: 10000 });
  const total = (s) => Number((s.match(/^(\d+)/) || [0, 0])[1]);
  const before = total(await page.locator("[data-status]").innerText());
  const options = await page.locator("#search-results [role=option]").count();
  await page.selectOption("select[name=severity]", "high");
  await page.waitForFunction((n) => {
    const s = document.querySelector("[data-status]").textContent;
    return /with these filters/.test(s) && Number((s.match(/^(\d+)/) || [0, 0])[1]) < n;
  }, before);
  const after = total(await page.locator("[data-status]").innerText());
  assert.ok(after > 0 && after < before, `high severity narrows ${before} results to ${after}`);
  assert.ok((await page.locator("#search-results [role=option]").count()) <= options);
  for (const badge of await page.locator("#search-results .search-meta .badge").allInnerTexts()) {
    assert.match(badge, /High/);
  }
  assert.match(page.url(), /[?&]severity=high/);
  // Platform and sector filters combine with it.
  await page.selectOption("select[name=severity]", "");
  await page.selectOption("select[name=platform]", { label: "AWS Bedrock" });
  await page.waitForFunction(() => [...document.querySelectorAll("#search-results .search-meta")].every((m) => /AWS Bedrock/.test(m.textContent)));
  assert.ok(await page.getByRole("option", { name: new RegExp(BEDROCK) }).isVisible());
  assert.deepEqual(problems, []);
  await page.close();
});

test("as-you-type on the search page, with prefixes and diacritics", async () => {
  const page = await chrome.context.newPage();
  const problems = watch(page);
  await page.goto(server.base + "/search/");
  assert.equal(await page.locator("[data-browse]").isVisible(), true);
  const box = page.locator("#search-q");
  await box.click();
  await box.pressSequentially("arbitrat", { delay: 30 });
  await page.waitForFunction(() => /results? for “arbitrat”/.test(document.querySelector("[data-status]").textContent));
  assert.match(await page.locator("#search-results [role=option] mark").first().innerText(), /^arbitrat/i);
  await box.fill("");
  await box.pressSequentially("ARBITRÂTION", { delay: 10 });
  await page.waitForFunction(() => /results? for “ARBITRÂTION”/.test(document.querySelector("[data-status]").textContent));
  assert.match(page.url(), /\?q=ARBITR/);
  assert.deepEqual(problems, []);
  await page.close();
});

test("words no page has together fall back to any word; more results on demand", async () => {
  const page = await chrome.context.newPage();
  const problems = watch(page);
  await page.goto(server.base + "/search/?q=" + encodeURIComponent("bedrock zzyzx"));
  await page.waitForFunction(() => /No page has every word/.test(document.querySelector("[data-status]").textContent));
  assert.ok(await page.getByRole("option", { name: new RegExp(BEDROCK) }).isVisible());
  await page.goto(server.base + "/search/?q=terms");
  const options = page.locator("#search-results [role=option]");
  await options.first().waitFor();
  assert.equal(await options.count(), 20);
  await page.locator("[data-more]").click();
  await page.waitForFunction(() => document.querySelectorAll("#search-results [role=option]").length > 20);
  assert.deepEqual(problems, []);
  await page.close();
});

test("odd queries neither throw nor find nonsense", async () => {
  const page = await chrome.context.newPage();
  const problems = watch(page);
  await page.goto(server.base + "/search/");
  await page.waitForFunction(() => window.ClauseAtlasSearch && window.ClauseAtlasSearch.index);
  const got = await page.evaluate(async (qs) => {
    const idx = window.ClauseAtlasSearch.index, out = {};
    for (const q of qs) {
      const r = await idx.search(q, {}, 20);
      await idx.docs(r.hits.map((h) => h.id));
      out[q] = r.total;
    }
    return out;
  }, ["", " ", "x", "the", "a the of ", "arb ", "zzyzx", "zzyzx ", "training zzyzx", "é", "Ω", "東京", "'", "--", "CA-P-011410", "trai", "TRAINING!!!"]);
  for (const q of ["", " ", "x", "the", "a the of ", "arb ", "zzyzx", "zzyzx ", "é", "Ω", "東京", "'", "--"]) {
    assert.equal(got[q], 0, `"${q}" finds nothing`);
  }
  assert.equal(got["CA-P-011410"], 1);
  assert.ok(got["training zzyzx"] > 0, "falls back to any word");
  assert.equal(got["TRAINING!!!"], got["trai"]);
  assert.deepEqual(problems, []);
  await page.close();
});

test("without JavaScript the header form reaches /search/?q= and the browse list", async () => {
  const page = await noJS.context.newPage();
  await page.goto(server.base + "/");
  await page.locator("#site-q").fill("training");
  await Promise.all([page.waitForURL(/\/search\/\?q=training$/), page.locator("#site-q").press("Enter")]);
  assert.equal(new URL(page.url()).pathname, "/search/");
  assert.equal(await page.locator("h2#browse").innerText(), "Browse instead");
  assert.ok(await page.locator("[data-browse] a[href='/platform/aws-bedrock/']").isVisible());
  assert.equal(await page.locator("[data-filters]").isHidden(), true);
  await page.close();
});
