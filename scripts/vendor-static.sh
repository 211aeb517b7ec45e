#!/usr/bin/env bash
# Copy the front-end packages pinned in package.json / package-lock.json into
# static/vendor/, the only place the site loads them from (`make vendor`).
#
# The output is committed, so `make run` and `make test` never need npm or the
# internet. Run this again only to upgrade a package: change its exact version
# in package.json, `npm install --package-lock-only`, then `make vendor`.
#
# The Rijkshuisstijl Community components ship as one bundle of all components
# (about 350 KB) and the design tokens as one file of all tokens (about 90 KB):
# together three times the page-weight budget (HTML + CSS + JS < 150 KB,
# tests/portal/test_site_meta.py). So this script keeps, byte for byte, only the rules
# of the components listed in COMPONENTS below, and only the tokens those rules
# and static/css/*.css refer to (directly or through other tokens).
# After using a new component class or token, add it here and run `make vendor`.
#
# Components only some pages need go to COMPONENTS_CONTENT: their rules, and the
# tokens only they refer to, go to components-content.css, which a template loads
# itself ({% block content_components %}). The list page /interventies/, the heaviest, never does.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v npm >/dev/null 2>&1 || scripts/apt-install.sh npm

# node_modules/ is git-ignored and thrown away afterwards.
npm ci --no-audit --no-fund --ignore-scripts --loglevel=error

# Class names (without the dot) whose rules are kept. A name also keeps its BEM
# elements (utrecht-form-field__label); a modifier (utrecht-button--primary-action)
# is kept only when listed itself.
COMPONENTS="
nl-skip-link nl-skip-link--visible-on-focus
rhc-nav-bar
utrecht-breadcrumb-nav
nl-link
utrecht-page-footer rhc-page-footer rhc-page-footer--primary-filled
utrecht-textbox
utrecht-checkbox utrecht-checkbox--html-input
utrecht-form-field utrecht-form-label utrecht-form-label--checkbox
utrecht-alert utrecht-alert--warning
"
COMPONENTS_CONTENT="
utrecht-blockquote
utrecht-table
"

COMPONENTS="$COMPONENTS" COMPONENTS_CONTENT="$COMPONENTS_CONTENT" node - <<'NODE'
const fs = require("fs");
const path = require("path");

const pkg = (name) => JSON.parse(fs.readFileSync(`node_modules/${name}/package.json`, "utf8"));
const out = "static/vendor";
const components = process.env.COMPONENTS.split(/\s+/).filter(Boolean);
const contentComponents = process.env.COMPONENTS_CONTENT.split(/\s+/).filter(Boolean);

// Split minified CSS into top-level blocks: [prelude, body]. Braces inside
// strings (data: URIs) are skipped.
function blocks(css) {
  const result = [];
  let depth = 0, start = 0, open = -1, quote = null;
  for (let i = 0; i < css.length; i++) {
    const c = css[i];
    if (quote) { if (c === "\\") i++; else if (c === quote) quote = null; continue; }
    if (c === '"' || c === "'") quote = c;
    else if (c === "{") { if (depth++ === 0) open = i; }
    else if (c === "}" && --depth === 0) {
      result.push([css.slice(start, open).trim(), css.slice(open + 1, i)]);
      start = i + 1;
    }
  }
  return result;
}

// Split a selector list at its top-level commas (not those inside :is(...)).
function selectors(prelude) {
  const list = [];
  let depth = 0, start = 0;
  for (let i = 0; i < prelude.length; i++) {
    if (prelude[i] === "(") depth++;
    else if (prelude[i] === ")") depth--;
    else if (prelude[i] === "," && depth === 0) { list.push(prelude.slice(start, i)); start = i + 1; }
  }
  return [...list, prelude.slice(start)].map((s) => s.trim());
}

// A complex selector is kept when every design-system class in it is allowed:
// a listed name, or an element (name__part) of a listed name. Modifiers
// (name--variant) must be listed themselves, so unused variants stay out.
function wanted(selector, allowed) {
  const isAllowed = (cls) => allowed.includes(cls) || allowed.some((name) => cls.startsWith(`${name}__`));
  const classes = [...selector.matchAll(/\.((?:nl|rhc|utrecht|ams)-[a-z0-9_-]+)/g)].map((m) => m[1]);
  return classes.length > 0 && classes.every(isAllowed);
}

// Keep the wanted selectors of each rule; descend into @media, @supports and
// @layer; drop everything else (other components, @font-face, @keyframes).
function keep(css, allowed) {
  let kept = "";
  for (const [prelude, body] of blocks(css.replace(/\/\*[\s\S]*?\*\//g, ""))) {
    if (/^@(media|supports|layer|container)/.test(prelude)) {
      const inner = keep(body, allowed);
      if (inner) kept += `${prelude}{${inner}}`;
    } else if (!prelude.startsWith("@")) {
      const list = selectors(prelude).filter((selector) => wanted(selector, allowed));
      if (list.length) kept += `${list.join(",")}{${body}}`;
    }
  }
  return kept;
}

const rhc = "@rijkshuisstijl-community/components-css";
const tokensPkg = "@rijkshuisstijl-community/design-tokens";
const bundle = fs.readFileSync(`node_modules/${rhc}/dist/index.css`, "utf8");
const componentsCss = keep(bundle, components);
const contentCss = keep(bundle, contentComponents);
for (const [names, css] of [[components, componentsCss], [contentComponents, contentCss]]) {
  for (const name of names) {
    if (!new RegExp(`\\.${name}(?![a-z0-9-])`).test(css)) {
      throw new Error(`${name}: no such component in ${rhc}`);
    }
  }
}

// Tokens: the declarations of .rhc-theme, keeping those referred to by the
// components, by our own stylesheets and by the tokens kept so far.
const tokensCss = fs.readFileSync(`node_modules/${tokensPkg}/dist/index.css`, "utf8");
const [[themeSelector, themeBody]] = blocks(tokensCss.replace(/\/\*[\s\S]*?\*\//g, ""));
const declarations = new Map();
for (const line of themeBody.split(";")) {
  const match = line.trim().match(/^(--[a-z0-9-]+):\s*([\s\S]*)$/);
  if (match) declarations.set(match[1], match[2].trim());
}
const ownCss = fs.readdirSync("static/css").filter((f) => f.endsWith(".css"))
  .map((f) => fs.readFileSync(path.join("static/css", f), "utf8")).join("\n");
function tokensOf(css) {
  const found = new Set();
  const queue = [...css.matchAll(/var\(\s*(--[a-z0-9-]+)/g)].map((m) => m[1]);
  while (queue.length) {
    const name = queue.pop();
    if (found.has(name) || !declarations.has(name)) continue;
    found.add(name);
    for (const m of declarations.get(name).matchAll(/var\(\s*(--[a-z0-9-]+)/g)) queue.push(m[1]);
  }
  return found;
}
const used = tokensOf(`${componentsCss}\n${ownCss}`);
const contentUsed = new Set([...tokensOf(contentCss)].filter((name) => !used.has(name)));
const tokenLines = (names) => [...declarations].filter(([name]) => names.has(name)).map(([n, v]) => `${n}:${v};`);

const header = (name, what) =>
  `/* ${name} ${pkg(name).version} (${pkg(name).license}), ${what}.\n` +
  "   Generated by scripts/vendor-static.sh from package-lock.json: do not edit, run `make vendor`. */\n";

// Only our own folders: static/vendor/ may hold other vendored files.
for (const dir of ["rijkshuisstijl", "htmx"]) {
  fs.rmSync(path.join(out, dir), { recursive: true, force: true });
  fs.mkdirSync(path.join(out, dir), { recursive: true });
}
fs.writeFileSync(`${out}/rijkshuisstijl/components.css`,
  header(rhc, `dist/index.css, only the rules of: ${components.join(", ")}`) + componentsCss + "\n");
fs.writeFileSync(`${out}/rijkshuisstijl/design-tokens.css`,
  header(tokensPkg, `dist/index.css, only the ${used.size} of ${declarations.size} tokens the site uses`) +
  `${themeSelector}{\n${tokenLines(used).join("\n")}\n}\n`);
fs.writeFileSync(`${out}/rijkshuisstijl/components-content.css`,
  header(rhc, `dist/index.css, only the rules of: ${contentComponents.join(", ")}; ` +
    `first the ${contentUsed.size} tokens of ${tokensPkg} only they use`) +
  `${themeSelector}{\n${tokenLines(contentUsed).join("\n")}\n}\n${contentCss}\n`);
fs.copyFileSync(`node_modules/${rhc}/LICENSE.md`, `${out}/rijkshuisstijl/LICENSE-components-css.md`);
fs.copyFileSync(`node_modules/${tokensPkg}/LICENSE.md`, `${out}/rijkshuisstijl/LICENSE-design-tokens.md`);
fs.copyFileSync("node_modules/htmx.org/dist/htmx.min.js", `${out}/htmx/htmx.min.js`);
fs.copyFileSync("node_modules/htmx.org/LICENSE", `${out}/htmx/LICENSE`);

const size = (file) => `${(fs.statSync(`${out}/${file}`).size / 1024).toFixed(1)} KB`;
const licence = (name) =>
  pkg(name).license.startsWith("SEE LICENSE") ? "own terms, see its LICENSE file (below)" : pkg(name).license;
const row = (name, files) => `| \`${name}\` | ${pkg(name).version} | ${licence(name)} | ${files} |`;
fs.writeFileSync(`${out}/README.md`, `# Vendored front-end packages

Generated by \`scripts/vendor-static.sh\` (\`make vendor\`) from the exact versions in
\`package.json\` and \`package-lock.json\`. Committed, so running or testing the portal never needs
npm or the internet. Do not edit these files by hand.

| package | version | licence | files here |
|---|---|---|---|
${row(rhc, `\`rijkshuisstijl/components.css\` (${size("rijkshuisstijl/components.css")}), \`rijkshuisstijl/components-content.css\` (${size("rijkshuisstijl/components-content.css")}), \`rijkshuisstijl/LICENSE-components-css.md\``)}
${row(tokensPkg, `\`rijkshuisstijl/design-tokens.css\` (${size("rijkshuisstijl/design-tokens.css")}), \`rijkshuisstijl/LICENSE-design-tokens.md\``)}
${row("htmx.org", `\`htmx/htmx.min.js\` (${size("htmx/htmx.min.js")}), \`htmx/LICENSE\``)}

The components bundle also contains the CSS of the \`@utrecht/*-css\` and
\`@nl-design-system-candidate/*-css\` packages it is built from (EUPL-1.2 as well).

To keep every page under the weight budget (HTML + CSS + JS < 150 KB), \`components.css\` holds only
the rules of the components every page may use (the \`COMPONENTS\` list in the script) and
\`design-tokens.css\` only the tokens those rules and \`static/css/*.css\` refer to, copied
unchanged. The components only some pages need (the \`COMPONENTS_CONTENT\` list) go, with the
tokens only they use, into \`components-content.css\`, which those pages load themselves; the list
page \`/interventies/\`, the heaviest with htmx, does not. The theme is switched on by the class
\`rhc-theme\` on \`<body>\`.

Left out for weight: \`utrecht-button\` (its base rule alone is 7 KB; with the primary action and
the tokens it needs, 14 KB, more than the list page has to spare), so \`static/css/portal.css\`
styles buttons with the button tokens; \`utrecht-select\` (3 KB) and \`utrecht-form-fieldset\` (2 KB)
likewise.

The design tokens are the Rijkshuisstijl: their licence allows them only for the central government
of the Netherlands and those working for it. This portal is the knowledge base of the Gelijke Kansen
Alliantie of the ministerie van Onderwijs, Cultuur en Wetenschap.

## Refreshing

1. Change the exact version in \`package.json\` and run \`npm install --package-lock-only\`.
2. Run \`make vendor\` (needs \`npm\`; it runs \`npm ci\` into the git-ignored \`node_modules/\`).
3. Run the browser tests (\`tests/browser/\`) and look at \`make screenshots\`; commit
   \`package.json\`, \`package-lock.json\` and \`static/vendor/\`.

After using another component's classes or another token in \`static/css/\`, add the component to
\`COMPONENTS\` (or \`COMPONENTS_CONTENT\`) in the script and run \`make vendor\` again.
`);
console.log(`static/vendor: components ${size("rijkshuisstijl/components.css")}, ` +
  `tokens ${size("rijkshuisstijl/design-tokens.css")} (${used.size} of ${declarations.size}), ` +
  `htmx ${size("htmx/htmx.min.js")}`);
NODE
rm -rf node_modules
