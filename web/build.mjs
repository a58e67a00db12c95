/**
 * Builds the explorer pages into dist/web/ (served by src/http/web.ts): esbuild bundles
 * each page's script (React, GraphiQL and Chart.js included — no CDN, nothing fetched at
 * run time), GraphiQL's stylesheet is copied next to ours, and each page's HTML is
 * wrapped in the shared layout. Run with `node web/build.mjs` (`npm run build:web`).
 */
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const webDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(webDir, '..');
const outDir = path.join(root, 'dist', 'web');
const assetsDir = path.join(outDir, 'assets');
const require = createRequire(import.meta.url);

/** The pages: route, HTML body fragment, script, title, extra stylesheets. */
const PAGES = [
  { file: 'index.html', body: 'index.html', script: 'explorer', title: 'Control list explorer', nav: '/' },
  { file: 'concordance.html', body: 'concordance.html', script: 'concordance', title: 'Concordance matrix', nav: '/concordance' },
  { file: 'register.html', body: 'register.html', script: 'register', title: 'Public register', nav: '/register' },
  { file: 'assess.html', body: 'assess.html', script: 'assess', title: 'Assess an export', nav: '/assess' },
  { file: 'consistency.html', body: 'consistency.html', script: 'consistency', title: 'Consistency and equity', nav: '/consistency' },
  { file: 'graphiql.html', body: 'graphiql.html', script: 'graphiql', title: 'GraphiQL', nav: '/graphiql', styles: ['graphiql.css'] },
];

const NAV = [
  { href: '/', label: 'Explorer' },
  { href: '/concordance', label: 'Concordance' },
  { href: '/register', label: 'Public register' },
  { href: '/assess', label: 'Assess an export' },
  { href: '/consistency', label: 'Consistency' },
  { href: '/graphiql', label: 'GraphiQL' },
];

function layout(page, body) {
  const styles = [...(page.styles ?? []), 'app.css'].map((s) => `  <link rel="stylesheet" href="/assets/${s}">`).join('\n');
  const nav = NAV.map((n) => `      <li><a href="${n.href}"${n.href === page.nav ? ' aria-current="page"' : ''}>${n.label}</a></li>`).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${page.title} · Accord</title>
  <meta name="description" content="Accord: harmonized export-control lists for biomedical research tools.">
  <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
${styles}
  <script type="module" src="/assets/${page.script}.js"></script>
</head>
<body class="page-${page.script}">
  <a class="skip-link" href="#main">Skip to content</a>
  <header class="site-header">
    <a class="brand" href="/"><span class="brand-mark" aria-hidden="true">◆</span> Accord</a>
    <nav aria-label="Main">
      <ul>
${nav}
      </ul>
    </nav>
  </header>
  <main id="main" tabindex="-1">
${body.trim()}
  </main>
  <noscript><p class="notice notice-error">These pages need JavaScript. The API itself is at <code>/graphql</code>.</p></noscript>
</body>
</html>
`;
}

async function main() {
  const started = Date.now();
  await fs.rm(outDir, { recursive: true, force: true });
  await fs.mkdir(assetsDir, { recursive: true });

  const result = await build({
    absWorkingDir: root,
    entryPoints: Object.fromEntries(PAGES.map((p) => [p.script, path.join(webDir, 'src', `${p.script}.ts`)])),
    outdir: assetsDir,
    entryNames: '[name]',
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
    minify: true,
    sourcemap: 'linked',
    legalComments: 'linked',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
    metafile: true,
  });

  // Styles: ours (bundled so @imports resolve) and GraphiQL's, copied as shipped.
  await build({
    absWorkingDir: root,
    entryPoints: { app: path.join(webDir, 'styles', 'app.css') },
    outdir: assetsDir,
    bundle: true,
    minify: true,
    logLevel: 'warning',
  });
  await fs.copyFile(require.resolve('graphiql/style.css'), path.join(assetsDir, 'graphiql.css'));
  await fs.copyFile(path.join(webDir, 'static', 'favicon.svg'), path.join(assetsDir, 'favicon.svg'));

  for (const page of PAGES) {
    const body = await fs.readFile(path.join(webDir, 'pages', page.body), 'utf8');
    await fs.writeFile(path.join(outDir, page.file), layout(page, body));
  }

  const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
  process.stdout.write(
    `web: ${PAGES.length} pages built into ${path.relative(root, outDir)}/ (${Math.round(bytes / 1024)} KiB of scripts) in ${Date.now() - started} ms\n`,
  );
}

main().catch((err) => {
  process.stderr.write(`web build failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
