// The browser half of bench/web.py: drives Debian's Chromium through playwright-core (the web
// app's dev dependency) and prints one JSON object with what it saw. Usage:
//   node bench/web_browser.mjs BASE_URL EMAIL PASSWORD RUNS
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const require = createRequire(
  fileURLToPath(new URL("../web/package.json", import.meta.url)),
);
const { chromium } = require("playwright-core");

const [baseUrl, email, password, runsArg] = process.argv.slice(2);
const RUNS = Number(runsArg ?? 5);
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** The page's JavaScript and API requests, in the order it made them. */
function record(page) {
  const seen = { scripts: [], api: [] };
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (request.resourceType() === "script") seen.scripts.push(url.pathname);
    else if (url.pathname.startsWith("/api/"))
      seen.api.push(`${request.method()} ${url.pathname}`);
  });
  return seen;
}

/** A signed-out visit to `/`: the app shell, redirected to the sign-in page. */
async function firstPage(browser) {
  const context = await browser.newContext({ baseURL: baseUrl });
  const page = await context.newPage();
  const seen = record(page);
  await page.goto("/", { waitUntil: "networkidle" });
  await page.getByRole("button", { name: "Sign in", exact: true }).waitFor();
  const landed = new URL(page.url()).pathname;
  await context.close();
  return { landed, ...seen };
}

/**
 * A cold visit (fresh context: empty cache, signed-in cookie) to the TV library. Interactive is
 * the first moment the grid shows a card and the search input is enabled and visible, measured
 * in the page from navigation start (performance.now()). Then a search is typed to check the
 * input works, and its round trip (debounce included) timed.
 */
async function tvLibrary(browser, storageState) {
  const context = await browser.newContext({ baseURL: baseUrl, storageState });
  const page = await context.newPage();
  const seen = record(page);
  await page.goto("/tv", { waitUntil: "commit" });
  const handle = await page.waitForFunction(
    () => {
      const card = document.querySelector('[data-testid="media-card"]');
      const input = document.querySelector('input[type="search"]');
      if (!card || !input || input.disabled) return false;
      if (card.getBoundingClientRect().height === 0) return false;
      return performance.now();
    },
    null,
    { polling: "raf", timeout: 30_000 },
  );
  const interactiveMs = await handle.jsonValue();
  const nav = await page.evaluate((before) => {
    const entry = performance.getEntriesByType("navigation")[0];
    // Where the time went: when the last script arrived, when each API call ran.
    const resources = performance
      .getEntriesByType("resource")
      .filter((r) => r.startTime < before);
    const scripts = resources.filter(
      (r) => r.initiatorType === "script" || r.name.endsWith(".js"),
    );
    return {
      domContentLoaded: entry.domContentLoadedEventEnd,
      htmlEnd: entry.responseEnd,
      lastScriptEnd: Math.max(0, ...scripts.map((r) => r.responseEnd)),
      waterfall: resources.map((r) => ({
        path: new URL(r.name).pathname,
        start: r.startTime,
        sent: r.requestStart,
        end: r.responseEnd,
      })),
      apiCalls: resources
        .filter((r) => new URL(r.name).pathname.startsWith("/api/"))
        .map((r) => ({
          path: new URL(r.name).pathname,
          start: r.startTime,
          end: r.responseEnd,
        })),
    };
  }, interactiveMs);
  const scripts = [...seen.scripts];
  const total = await page.getByTestId("total").textContent();
  const cards = await page.getByTestId("media-card").count();

  const searchStarted = Date.now();
  await page.getByRole("searchbox").fill("river 1999");
  await page.waitForURL(/search=river/);
  await page
    .getByTestId("total")
    .filter({ hasNotText: total ?? "" })
    .waitFor();
  const searchMs = Date.now() - searchStarted;
  const searchTotal = await page.getByTestId("total").textContent();
  await context.close();
  return {
    interactiveMs,
    ...nav,
    total,
    cards,
    searchMs,
    searchTotal,
    scripts,
  };
}

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ARGS,
});
try {
  const first = await firstPage(browser);
  const login = await browser.newContext({ baseURL: baseUrl });
  const response = await login.request.post("/api/v1/auth/cookie/login", {
    form: { username: email, password },
  });
  if (!response.ok()) throw new Error(`sign-in failed: ${response.status()}`);
  const storageState = await login.storageState();
  await login.close();
  const runs = [];
  for (let run = 0; run < RUNS; run++)
    runs.push(await tvLibrary(browser, storageState));
  console.log(JSON.stringify({ first, runs }));
} finally {
  await browser.close();
}
