// Opens pilotlint's HTML dashboards in headless Chromium, as a reviewer
// would, and checks what they show: run by scripts/dashboard-check.sh,
// which makes the pages and installs what this needs.
//
//   node dashboard-check.mjs OUT_DIR PAGE...      PAGE is NAME=FILE.html=EXPECT
//
// EXPECT is `readme-files` (the per-file tables of examples/README.md),
// `readme-set` (its table of the national set), or `hostile` (a report
// whose values are markup and right-to-left text, and one with an escape
// sequence, refused).
// For every page: screenshots at 1280 and 390 px wide (OUT_DIR/NAME-*.png),
// no console error, no page error, no request to anything but the page
// itself, no dialog; the matrix cells and findings the README lists; the
// filters; the page without scripts; and axe-core with no serious or
// critical violation (skipped, and said, when axe-core is not installed).
// Exits 1 on any failure, naming each.

import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import path from "node:path";

const require = createRequire(import.meta.url);
const puppeteer = require("puppeteer-core");
let axeSource = null;
try {
  axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
} catch {
  axeSource = null;
}

const [outDir, ...pages] = process.argv.slice(2);
const failures = [];
const fail = (page, what) => failures.push(`${page}: ${what}`);
let checks = 0;
const ok = (cond, page, what) => {
  checks += 1;
  if (!cond) fail(page, what);
};

/// The findings examples/README.md lists: for each file, [rule, line,
/// file-the-finding-is-in]; files with `Expected findings: none.` map to [].
function readme(kind) {
  const text = readFileSync("examples/README.md", "utf8");
  const files = new Map();
  let current = null;
  for (const line of text.split("\n")) {
    const heading = line.match(/^### `([^`]+)`/);
    if (heading) {
      current = heading[1];
      files.set(current, []);
      continue;
    }
    if (!current) continue;
    const row = line.match(/^\| ([A-Z]+[0-9]+) \| ([0-9]+) \|(?: `([^`]+)` \|)?/);
    if (row) {
      // Only a set's table has a file column; elsewhere the third column
      // is the why.
      const where = current.endsWith("/") && row[3] ? row[3] : `examples/${current}`;
      files.get(current).push([row[1], Number(row[2]), where]);
    }
  }
  const want = [...files.entries()].filter(([f]) => (kind === "readme-set") === f.endsWith("/"));
  return want;
}

async function check(browser, name, file, expect) {
  const page = await browser.newPage();
  const url = pathToFileURL(path.resolve(file)).href;
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warn") fail(name, `console ${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => fail(name, `page error: ${e.message}`));
  page.on("dialog", async (d) => {
    fail(name, `a dialog opened: ${d.message()}`);
    await d.dismiss();
  });
  await page.setRequestInterception(true);
  page.on("request", (r) => {
    // The page itself, and nothing else: no font, script, image or link.
    if (r.url() === url || r.url().startsWith("data:")) {
      r.continue();
    } else {
      fail(name, `a request for ${r.url()}`);
      r.abort();
    }
  });
  for (const width of [1280, 390]) {
    await page.setViewport({ width, height: 900 });
    await page.goto(url, { waitUntil: "load" });
    // The page itself never scrolls sideways: the matrix and the tables
    // scroll in their own boxes.
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    ok(wide <= width, name, `at ${width} px the page is ${wide} px wide`);
    await page.screenshot({ path: `${outDir}/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewport({ width: 1280, height: 1000 });
  await page.goto(url, { waitUntil: "load" });
  await page.screenshot({ path: `${outDir}/${name}-top.png` });
  for (const id of ["rates", "findings"]) {
    const el = await page.$(`#${id}`);
    if (el) await el.screenshot({ path: `${outDir}/${name}-${id}.png` });
  }

  // One file's findings, opened, for review.
  const first = await page.$("details.file");
  if (first) {
    await page.evaluate((d) => { d.open = true; }, first);
    await first.screenshot({ path: `${outDir}/${name}-finding.png` });
    await page.evaluate((d) => { d.open = false; }, first);
  }

  // What the page shows, read from the DOM.
  const dom = await page.evaluate(() => {
    const rules = [...document.querySelectorAll("#matrix thead th.rule")].map((th) => th.textContent);
    const rows = {};
    for (const tr of document.querySelectorAll("#matrix tbody tr")) {
      const file = tr.querySelector(".file").textContent;
      rows[file] = [...tr.querySelectorAll("td")].map((td) => td.className.split(" ").pop());
    }
    const set = {};
    for (const tr of document.querySelectorAll("#set tbody tr")) {
      set[tr.querySelector("code").textContent] = tr.querySelector("td").className;
    }
    const findings = [...document.querySelectorAll("li.finding")].map((li) => ({
      id: li.id,
      rule: li.dataset.rule,
      where: li.querySelector(".where").textContent,
      hidden: li.hidden,
    }));
    return {
      rules,
      rows,
      set,
      findings,
      filtersShown: !document.getElementById("filters").hidden,
      detailsOpen: document.querySelectorAll("details.file[open]").length,
      verdict: document.querySelector(".verdict").textContent,
      text: document.body.innerText,
    };
  });
  ok(dom.filtersShown, name, "the script did not show the filters");
  ok(dom.detailsOpen === 0, name, "files with findings should start closed");

  if (expect === "readme-files" || expect === "readme-set") {
    let listed = 0;
    for (const [file, expected] of readme(expect)) {
      const runFiles = Object.keys(dom.rows).filter((f) =>
        file.endsWith("/") ? f.startsWith(`examples/${file}`) : f === `examples/${file}`);
      ok(runFiles.length > 0, name, `no matrix row for examples/${file}`);
      if (expected.length === 0) {
        for (const f of runFiles) {
          ok(!dom.rows[f].slice(0, dom.rules.length - 4).includes("f"), name, `${f} is listed clean, but a cell failed`);
          ok(!dom.findings.some((x) => x.where.startsWith(`${f}:`)), name, `${f} is listed clean, but has findings`);
        }
      }
      for (const [rule, line, where] of expected) {
        listed += 1;
        const col = dom.rules.indexOf(rule);
        if (col >= 0) {
          ok(dom.rows[where] && dom.rows[where][col] === "f", name, `the ${rule} cell of ${where} is not failed`);
        } else {
          ok(dom.set[rule] === "f", name, `${rule} is neither a column nor a failed rule across reports`);
        }
        ok(
          dom.findings.some((x) => x.rule === rule && x.where.startsWith(`${where}:${line}:`)),
          name,
          `no finding of ${rule} at ${where}:${line}`,
        );
      }
    }
    ok(dom.findings.length === listed, name, `${dom.findings.length} findings on the page, the README lists ${listed}`);

    // A link to a finding opens its file.
    const target = dom.findings[dom.findings.length - 1];
    if (target) {
      await page.goto(`${url}#${target.id}`, { waitUntil: "load" });
      const open = await page.evaluate((id) => document.getElementById(id).closest("details").open, target.id);
      ok(open, name, `following #${target.id} did not open its file`);
    }

    // The rule filter shows that rule's findings only; the area filter
    // hides the other areas' rows.
    const rule = dom.findings[0] && dom.findings[0].rule;
    if (rule) {
      const shown = await page.evaluate((r) => {
        const select = document.getElementById("f-rule");
        select.value = r;
        select.dispatchEvent(new Event("change"));
        return [...document.querySelectorAll("li.finding")].filter((li) => !li.hidden).map((li) => li.dataset.rule);
      }, rule);
      const want = dom.findings.filter((x) => x.rule === rule).length;
      ok(shown.length === want && shown.every((r) => r === rule), name, `the rule filter showed ${shown.length} findings, not ${want} of ${rule}`);
      const rows = await page.evaluate(() => {
        document.getElementById("f-rule").value = "";
        const area = document.getElementById("f-area");
        area.value = area.options[1].value;
        area.dispatchEvent(new Event("change"));
        const visible = [...document.querySelectorAll("#matrix tbody tr")].filter((tr) => !tr.hidden);
        return [visible.length, document.querySelectorAll("#matrix tbody tr").length];
      });
      ok(rows[0] > 0 && rows[0] < rows[1], name, `the area filter left ${rows[0]} of ${rows[1]} rows`);
    }
  }

  if (expect === "hostile") {
    ok(dom.text.includes("<script>alert(1)</script>"), name, "the markup in the report is not shown as text");
    ok(dom.text.includes("مدينة"), name, "the right-to-left name is not shown");
    ok(dom.text.includes("invisible-character"), name, "the report with an escape sequence is not refused");
    ok(!dom.text.includes("\u001b"), name, "the escape character reaches the page");
  }

  // Without scripts: the same content, the filters hidden.
  const plain = await browser.newPage();
  await plain.setJavaScriptEnabled(false);
  await plain.goto(url, { waitUntil: "load" });
  const still = await plain.evaluate(() => [
    document.getElementById("filters").hidden,
    document.querySelectorAll("li.finding").length,
    document.querySelectorAll("#matrix tbody tr").length,
  ]);
  ok(still[0], name, "without scripts the filters should stay hidden");
  ok(still[1] === dom.findings.length, name, "without scripts the findings differ");
  ok(still[2] === Object.keys(dom.rows).length, name, "without scripts the matrix differs");
  await plain.close();

  // Accessibility: axe-core in the same Chromium.
  if (axeSource) {
    await page.goto(url, { waitUntil: "load" });
    await page.evaluate(axeSource);
    const result = await page.evaluate(async () => {
      // eslint-disable-next-line no-undef
      const r = await axe.run(document, { resultTypes: ["violations"] });
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, help: v.help }));
    });
    writeFileSync(`${outDir}/${name}-axe.json`, JSON.stringify(result, null, 2));
    for (const v of result) {
      ok(!["serious", "critical"].includes(v.impact), name, `axe ${v.impact} ${v.id} (${v.nodes} nodes): ${v.help}`);
    }
    console.log(`${name}: axe-core: ${result.length} violations, none serious or critical` + (result.length ? ` (${result.map((v) => `${v.id}: ${v.impact}`).join(", ")})` : ""));
  }
  await page.close();
}

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--font-render-hinting=none"],
});
try {
  if (!axeSource) console.log("axe-core is not installed: the accessibility check is skipped");
  for (const spec of pages) {
    const [name, file, expect] = spec.split("=");
    if (!existsSync(file)) {
      fail(name, `${file} does not exist`);
      continue;
    }
    await check(browser, name, file, expect);
  }
} finally {
  await browser.close();
}
if (failures.length) {
  console.error(failures.join("\n"));
  console.error(`${failures.length} dashboard checks failed of ${checks}`);
  process.exit(1);
}
console.log(`${checks} dashboard checks passed`);
