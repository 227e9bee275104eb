// Readability.js (@mozilla/readability on jsdom) over a list of pages, for
// bench/html_eval.py: `NAME<TAB>PATH` lines on stdin, one JSON line per
// page on stdout (the article's HTML, title, byline, publishedTime, the
// time taken by jsdom's parse plus Readability's, one core).
//
// Usage: node bench/readability_run.js MODULES_DIR < pages.tsv
// (MODULES_DIR holds node_modules/@mozilla/readability and node_modules/jsdom).
"use strict";
const path = require("path");
const fs = require("fs");
const readline = require("readline");
const { createRequire } = require("module");

const req = createRequire(path.join(path.resolve(process.argv[2] || "."), "package.json"));
const { Readability } = req("@mozilla/readability");
const { JSDOM, VirtualConsole } = req("jsdom");

const quiet = new VirtualConsole(); // jsdom's CSS parse errors are not ours
const rl = readline.createInterface({ input: process.stdin });
rl.on("line", (line) => {
  const tab = line.indexOf("\t");
  if (tab < 0) return;
  const name = line.slice(0, tab);
  const file = line.slice(tab + 1);
  const bytes = fs.readFileSync(file);
  const t = process.hrtime.bigint();
  let row;
  try {
    // Valid UTF-8 is handed over as a string (as Readability's own test
    // harness does: its pages were re-saved as UTF-8 and some still declare
    // GBK); other bytes as bytes, for jsdom to sniff the charset.
    let input = bytes;
    try { input = new TextDecoder("utf-8", { fatal: true }).decode(bytes); } catch (e) { /* not UTF-8 */ }
    const dom = new JSDOM(input, { url: "http://fakehost/test/page.html", virtualConsole: quiet });
    const a = new Readability(dom.window.document).parse();
    const secs = Number(process.hrtime.bigint() - t) / 1e9;
    row = a
      ? { page: name, tool: "readability.js", secs, html: a.content || "",
          meta: { title: a.title, authors: a.byline, date: a.publishedTime } }
      : { page: name, tool: "readability.js", secs, html: "", meta: {}, skip: "returned null" };
    dom.window.close();
  } catch (e) {
    const secs = Number(process.hrtime.bigint() - t) / 1e9;
    row = { page: name, tool: "readability.js", secs, html: "", meta: {}, skip: String(e).slice(0, 200) };
  }
  process.stdout.write(JSON.stringify(row) + "\n");
});
