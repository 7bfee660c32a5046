// The browser's text analysis must equal the build's, or queries miss
// terms the index has: static/search.js (as shipped, minified) against
// the stem pairs and analysis golden of internal/search/testdata.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { serve, browser, siteDir } from "./lib.mjs";

const testdata = new URL("../../internal/search/testdata/", import.meta.url);
let server, chrome, page;

before(async () => {
  server = await serve(siteDir());
  chrome = await browser();
  page = await chrome.context.newPage();
  await page.goto(server.base + "/search/");
  await page.waitForFunction(() => window.ClauseAtlasSearch);
});

after(async () => {
  await chrome?.close();
  await server?.close();
});

test("the Porter2 stemmer agrees with the reference stems", async () => {
  const pairs = (await readFile(new URL("stems.txt", testdata), "utf8")).trim().split("\n").map((l) => l.split(" "));
  const got = await page.evaluate((words) => words.map((w) => window.ClauseAtlasSearch.stem(w)), pairs.map((p) => p[0]));
  const wrong = pairs.filter((p, i) => got[i] !== p[1]).map((p, i) => `${p[0]}: ${got[i]} want ${p[1]}`);
  assert.ok(pairs.length > 5000);
  assert.deepEqual(wrong.slice(0, 20), []);
});

test("folding, words and terms agree with internal/search", async () => {
  const cases = JSON.parse(await readFile(new URL("analysis.json", testdata), "utf8"));
  const got = await page.evaluate((inputs) => inputs.map((s) => {
    const api = window.ClauseAtlasSearch;
    const words = api.words(s);
    return { in: s, fold: api.fold(s), words, terms: words.map(api.term).filter(Boolean) };
  }), cases.map((c) => c.in));
  for (let i = 0; i < cases.length; i++) {
    assert.deepEqual(got[i], { in: cases[i].in, fold: cases[i].fold, words: cases[i].words || [], terms: cases[i].terms || [] });
  }
});
