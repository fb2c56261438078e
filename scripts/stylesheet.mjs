// Builds the pages' one stylesheet (the Functions project runs this on build): the NHS.UK frontend's rules and the
// app's own, less every rule whose selectors name a class, id or element that no page template and no C# file of the
// app writes (PurgeCSS), and less the @font-face rules. The NHS.UK stylesheet is 278 KB as shipped; a page uses a
// small part of it, and on a slow mobile network the whole of it stood between the visitor and the first paint.
// Usage: node scripts/stylesheet.mjs OUTPUT.css
import {mkdir, readFile, writeFile} from 'node:fs/promises';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {PurgeCSS} from 'purgecss';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const output = process.argv[2];
if (!output) {
  console.error('usage: node scripts/stylesheet.mjs OUTPUT.css');
  process.exit(2);
}

const app = join(root, 'functions/StrategyReports.Functions');
const sources = [
  join(root, 'node_modules/nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.css'),
  join(app, 'Layout/app.css'),
];

const results = await new PurgeCSS().purge({
  css: await Promise.all(sources.map(async file => ({raw: await readFile(file, 'utf8')}))),
  // Class names are written by the templates and, for a few tags and states, by the page handlers in C#. The default
  // extractor takes every run of letters, digits, '-' and '_', so a class is kept wherever its whole name appears.
  content: [
    join(app, '**/*.sbn-html'),
    join(app, '**/*.cs'),
  ],
  skippedContentGlobs: [join(app, 'bin/**'), join(app, 'obj/**')],
  keyframes: true,
  variables: true,
});

// The rules ask for the Frutiger web font from assets.nhs.uk, which the pages' Content-Security-Policy refuses (and an
// NHS intranet may not reach): each refusal is a console error. Without them the font stack falls back to Arial, as
// NHS.UK's own stack does when the font is unavailable.
const css = results.map(result => result.css.replace(/@font-face\s*\{[^}]*\}/g, '')).join('\n');

// An image the kept rules ask for would be fetched from where NHS.UK's own site keeps it, which this app does not serve.
const images = css.match(/url\([^)]*\)/g);
if (images) {
  console.error(`stylesheet: the kept rules ask for ${[...new Set(images)].join(', ')}, which the app does not serve`);
  process.exit(1);
}

await mkdir(dirname(output), {recursive: true});
await writeFile(output, css);
