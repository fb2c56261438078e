// Lighthouse (mobile, simulated slow 4G and a 4x slower CPU: its default configuration) against every kind of
// page the app serves, one run per page (three for a page short on performance), in order, in one Chromium. Pages
// behind a form post (a return's confirmation, a survey's thank-you, an upload's result) are measured as the
// navigation the form's button starts; pages for leads after signing in. Every run starts with an empty HTTP cache,
// as a first visit does; the session cookie is kept. Pages that answer 4xx, which Lighthouse does not measure, are
// opened and checked for console errors.
// Usage: node scripts/lighthouse.mjs http://127.0.0.1:PORT [reports-dir]
// Prints a table of scores and exits 1 if any page scores under the thresholds below or logs a console error.
import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import puppeteer from 'puppeteer-core';
import {navigation} from 'lighthouse';

const thresholds = {performance: 95, accessibility: 100, 'best-practices': 100};
const [base, reportsDir] = process.argv.slice(2);
if (!base) {
  console.error('usage: node scripts/lighthouse.mjs BASE_URL [reports-dir]');
  process.exit(2);
}

const url = path => new URL(path, base).href;
if (reportsDir) {
  await mkdir(reportsDir, {recursive: true});
}

const browser = await puppeteer.launch({
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  headless: true,
  // No network but loopback: keep Chromium from reaching out.
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic', '--disable-default-apps', '--mute-audio'],
});

const uploads = await mkdtemp(join(tmpdir(), 'lighthouse-'));
const rows = [];
let consoleErrors = [];
let failed = false;
try {
  const page = await browser.newPage();

  // The demo partnership loads in the background after start-up; the home page links to it once it is ready.
  const demo = await waitForDemo(page);

  // Each step: how to get the page ready (not measured), then either the address to visit (or how to find it) or
  // the click that posts a form, and what proves the right page was measured (its heading or an element only it has).
  const steps = [
    {name: 'home', address: url('/'), heading: 'Workforce strategy reporting'},
    {name: 'anonymity statement', address: url('/about/anonymity'), heading: 'How surveys stay anonymous'},
    {name: 'sign-in', address: url('/signin'), heading: 'Sign in'},
    {name: 'survey', address: url(demo.survey), heading: null, selector: 'form fieldset'},
    {
      name: 'survey thank-you',
      prepare: async () => {
        await page.goto(url(demo.survey));
        await answerSurvey(page);
      },
      submit: () => page.click('form button[type=submit]'),
      heading: /Thank you/i,
    },
    {name: "partner's page (personal link)", address: url(demo.returnLink), heading: null, selector: '#due, #nothing-due'},
    {
      name: 'return form',
      prepare: () => page.goto(url(demo.returnLink)),
      address: async () => url(await firstHref(page, null, '#due a')),
      heading: null,
      selector: 'form input[name=proof]',
    },
    {
      name: 'return check answers',
      prepare: () => openReturnForm(page, demo),
      submit: () => page.click('#continue'),
      heading: /^Check your answers/,
    },
    {
      name: 'return confirmation',
      prepare: async () => {
        await openReturnForm(page, demo);
        await Promise.all([page.waitForNavigation(), page.click('#continue')]);
      },
      submit: () => page.click('#submit'),
      heading: 'Return submitted',
    },
    {
      name: 'return upload check',
      prepare: async () => {
        await openReturnForm(page, demo);
        const csv = await page.evaluate(href => fetch(href).then(r => r.text()), url('/r/return.csv'));
        const file = join(uploads, 'return.csv');
        await writeFile(file, csv);
        await (await page.$('input[type=file]')).uploadFile(file);
        await page.click('#check-only');
      },
      submit: () => page.click('#upload-button'),
      heading: null,
      selector: '#upload-button',
    },
    {
      name: 'partnership (signed in)',
      prepare: () => signIn(page),
      address: url('/partnerships/bury'),
      heading: null,
      selector: 'a[href*="/programmes/"]',
    },
    {name: 'returns status', address: url(demo.returns), heading: null, selector: 'table'},
    {name: 'return review', address: async () => url(await firstHref(page, demo.returns, 'tbody a[href*="/returns/"]')), heading: null, selector: '#review-state'},
    {name: 'chasing', address: url(`${demo.returns}/chasing`), heading: null, selector: '#summary'},
    {name: 'reports list', address: url(demo.reports), heading: null, selector: 'a[href$=".pdf"]'},
    {name: 'programme log', address: async () => url(await firstHref(page, '/partnerships/bury', 'a[href*="/programmes/"]')), heading: null, selector: 'a[href*="/risks/"]'},
    {name: 'risk', address: async () => url(await firstHref(page, null, 'a[href*="/risks/"]')), heading: null, selector: 'form'},
    {name: 'milestone', address: async () => url(await firstHref(page, await programmeLog(page), 'a[href*="/milestones/"]')), heading: null, selector: 'form'},
  ];

  for (const step of steps) {
    let row = await measure(page, step);
    // Accessibility and best practices do not vary between runs; the performance score does, with the load on the
    // machine (Lighthouse scales the tasks it saw by four). A page short on performance alone gets two more runs and
    // counts with the median of the three, as Lighthouse CI takes a representative run; the table says so.
    if (!row.problem && row.low.length === 1 && row.low[0] === 'performance') {
      const runs = [row, await measure(page, step), await measure(page, step)];
      runs.sort((a, b) => a.scores.performance - b.scores.performance);
      row = {...runs[1], runs: runs.length, problem: runs.find(run => run.problem)?.problem ?? null};
    }

    rows.push(row);
    failed ||= Boolean(row.problem) || row.low.length > 0;
    if (reportsDir) {
      await writeFile(join(reportsDir, `${step.name.replace(/[^a-z0-9]+/gi, '-')}.json`), JSON.stringify(row.lhr));
    }
  }

  consoleErrors = await errorPagesConsole(page, demo);
  failed ||= consoleErrors.length > 0;
} finally {
  await browser.close();
  await rm(uploads, {recursive: true, force: true});
}

printTable(rows);
for (const error of consoleErrors) {
  console.log(`\nconsole error on ${error}`);
}

for (const {step, lhr, problem, low} of rows) {
  if (problem) {
    console.log(`\n${step.name}: ${problem}`);
  }

  for (const id of low) {
    console.log(`\n${step.name}: ${id} ${Math.round(lhr.categories[id].score * 100)} (at least ${thresholds[id]} wanted); audits that lost points:`);
    for (const ref of lhr.categories[id].auditRefs.filter(r => r.weight > 0)) {
      const audit = lhr.audits[ref.id];
      if (audit.score !== null && audit.score < 1) {
        console.log(`  ${audit.id}: ${audit.score} ${audit.displayValue ?? ''} ${audit.title}`);
        for (const item of (audit.details?.items ?? []).slice(0, 5)) {
          console.log(`    ${JSON.stringify(item).slice(0, 300)}`);
        }
      }
    }
  }
}

console.log(`\nlighthouse: ${rows.length} pages, ${failed ? 'FAILED' : 'every page at or above'} performance ${thresholds.performance}, accessibility ${thresholds.accessibility}, best practices ${thresholds['best-practices']}`);
process.exit(failed ? 1 : 0);

async function measure(page, step) {
  await step.prepare?.();
  const requestor = step.submit ?? (typeof step.address === 'function' ? await step.address() : step.address);
  const started = Date.now();
  const {lhr} = await navigation(page, requestor, {
    flags: {
      onlyCategories: Object.keys(thresholds),
      // Lighthouse keeps the cache between navigations of one page unless told; a first visit has none.
      disableStorageReset: false,
      // A form's post starts from the page it is on, not from a blank one. Lighthouse's back/forward cache probe
      // leaves the page and comes back, which for a posted page shows the browser's 'confirm resubmission' screen
      // instead of the page measured (its audit carries no weight).
      skipAboutBlank: Boolean(step.submit),
      skipAudits: step.submit ? ['bf-cache'] : [],
      logLevel: 'error',
    },
  });
  const seconds = (Date.now() - started) / 1000;
  const problem = lhr.runtimeError?.message ?? await wrongPage(page, step);
  const scores = Object.fromEntries(Object.keys(thresholds).map(id => [id, Math.round((lhr.categories[id]?.score ?? 0) * 100)]));
  const low = Object.entries(thresholds).filter(([id, min]) => scores[id] < min).map(([id]) => id);
  return {step, scores, lhr, seconds, problem, low, runs: 1};
}

// Lighthouse measures only pages answered 200. The pages that answer a mistake (4xx) share the layout, so a stylesheet,
// image or policy problem would show on them too: each is opened and must log nothing but its own status.
async function errorPagesConsole(page, demo) {
  const errors = [];
  const pages = [
    ['a missing page', () => page.goto(url('/no/such/page'))],
    ['a partnership that does not exist', () => page.goto(url('/partnerships/no-such-partnership'))],
    ['a personal link that is not one', () => page.goto(url('/r/not-a-link'))],
    ['the sign-in page with a wrong key', async () => {
      await page.goto(url('/signin'));
      await page.type('#key', 'not-a-key');
      await Promise.all([page.waitForNavigation(), page.click('form button[type=submit]')]);
    }],
    ['the survey sent with no answers', async () => {
      await page.goto(url(demo.survey));
      await Promise.all([page.waitForNavigation(), page.click('form button[type=submit]')]);
    }],
  ];
  for (const [name, open] of pages) {
    const seen = [];
    const onConsole = message => message.type() === 'error' && seen.push({text: message.text(), from: message.location()?.url});
    const onPageError = error => seen.push({text: error.message});
    page.on('console', onConsole);
    page.on('pageerror', onPageError);
    await open();
    // Anything the page asks for after it loads (an icon) has had time to answer.
    await page.waitForNetworkIdle({idleTime: 300});
    page.off('console', onConsole);
    page.off('pageerror', onPageError);
    // Chrome logs a page's own 4xx status as an error; that is the page's answer, not a fault in it.
    const faults = seen.filter(({text, from}) => !(from === page.url() && /status of 4\d\d/.test(text)));
    errors.push(...faults.map(({text, from}) => `${name} (${page.url()}): ${text}${from ? ` at ${from}` : ''}`));
  }

  return errors;
}

async function waitForDemo(page) {
  const deadline = Date.now() + 180_000;
  for (;;) {
    await page.goto(url('/'));
    const hrefs = await page.$$eval('main a', links => links.map(a => a.getAttribute('href')));
    const returnLink = hrefs.find(h => /^\/r\/./.test(h));
    if (returnLink) {
      const demo = {
        returnLink,
        survey: hrefs.find(h => h.startsWith('/s/')),
        returns: hrefs.find(h => /\/returns\//.test(h)),
        reports: hrefs.find(h => /\/reports\//.test(h)),
      };
      const missing = Object.keys(demo).filter(key => !demo[key]);
      if (missing.length > 0) {
        throw new Error(`the home page has no demo link for ${missing.join(', ')}`);
      }

      return demo;
    }

    if (await page.$eval('main', m => m.textContent.includes('could not be loaded'))) {
      throw new Error('the demo partnership could not be loaded: see the app log');
    }

    if (Date.now() > deadline) {
      throw new Error('the demo partnership was not ready within 3 minutes');
    }

    await new Promise(resolve => setTimeout(resolve, 1000));
  }
}

// Every required question answered with its first option, and the first organisation chosen.
async function answerSurvey(page) {
  await page.evaluate(() => {
    const partner = document.querySelector('select#partner');
    if (partner) {
      partner.selectedIndex = 1;
    }

    const done = new Set();
    for (const input of document.querySelectorAll('input[type=radio], input[type=checkbox]')) {
      if (!done.has(input.name)) {
        input.checked = true;
        done.add(input.name);
      }
    }
  });
}

async function signIn(page) {
  await page.goto(url('/signin'));
  await page.type('#key', 'local-lead-key');
  await Promise.all([page.waitForNavigation(), page.click('form button[type=submit]')]);
}

async function programmeLog(page) {
  return firstHref(page, '/partnerships/bury', 'a[href*="/programmes/"]');
}

// The partner's page from the personal link, then the form of the first return due, with the officer's name typed in.
async function openReturnForm(page, demo) {
  await page.goto(url(demo.returnLink));
  await page.goto(url(await firstHref(page, null, '#due a')));
  await page.type('input[autocomplete=name]', 'A. Returns-Officer');
}

async function firstHref(page, from, selector) {
  if (from) {
    await page.goto(url(from));
  }

  return page.$eval(selector, a => a.getAttribute('href'));
}

// The page Lighthouse measured must be the one named: an error page or a sign-in page scoring well proves nothing.
async function wrongPage(page, step) {
  const h1 = (await page.$eval('h1', h => h.textContent.trim()).catch(() => '')) || '(no heading)';
  const title = await page.title();
  if (step.heading && !(step.heading instanceof RegExp ? step.heading.test(h1) : h1 === step.heading)) {
    return `measured the page headed "${h1}", not "${step.heading}"`;
  }

  if (step.selector && !(await page.$(step.selector))) {
    return `measured "${h1}", which has no ${step.selector}`;
  }

  if (title.startsWith('Error:')) {
    return `measured an error page: ${title}`;
  }

  return null;
}

function printTable(rows) {
  const metric = (lhr, id) => lhr.audits[id]?.numericValue;
  const ms = value => value === undefined ? '–' : `${(value / 1000).toFixed(1)} s`;
  console.log('| page | performance | accessibility | best practices | first paint | largest paint | blocking | layout shift | run |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const {step, scores, lhr, seconds, runs} of rows) {
    console.log(`| ${step.name} | ${scores.performance} | ${scores.accessibility} | ${scores['best-practices']} | ` +
      `${ms(metric(lhr, 'first-contentful-paint'))} | ${ms(metric(lhr, 'largest-contentful-paint'))} | ` +
      `${Math.round(metric(lhr, 'total-blocking-time') ?? 0)} ms | ${(metric(lhr, 'cumulative-layout-shift') ?? 0).toFixed(3)} | ${seconds.toFixed(0)} s${runs > 1 ? ` (median of ${runs})` : ''} |`);
  }
}
