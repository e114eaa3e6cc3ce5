// `npm run build`, last step: what the packed package owes to other packages.
//
// The bundle (dist/bundle/, what bin/etiq.cjs runs and what `npm pack` ships) inlines the
// libraries etiq uses (commander, chalk, luxon, ical.js, inquirer, ...): they are build
// inputs, in devDependencies, and a global install does not download them. Two things
// follow, and this script sees to both:
//
// 1. Their licences travel with their code: it writes dist/bundle/THIRD-PARTY-LICENSES.txt
//    (packed), each inlined package with its version, licence and licence file, as the
//    bundle's source maps list them.
// 2. What etiq still loads at run time must be a dependency: it reads the imports and
//    require() calls of bin/ and of every chunk, and fails (exit 1) when a package they
//    load is not in package.json `dependencies` (today: better-sqlite3, a native addon
//    kept external, and windows-iana, loaded with createRequire), or when a chunk loads a
//    module by a computed name, which no reading can follow.
//
//   node scripts/pack-deps.js                 both, for this repository (npm run build)
//   node scripts/pack-deps.js --check DIR     2. only, for an installed etiq at DIR: each
//                                             package it loads must resolve from there
//                                             (test/e2e/package.test.ts)
//
// Plain ESM, no dependencies.
import fs from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const NOTICES = 'THIRD-PARTY-LICENSES.txt';

/** A specifier's package name (`@scope/name/sub` → `@scope/name`), or null for a relative one or a Node built-in. */
function packageOf(spec) {
  if (spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('node:')) return null;
  const parts = spec.split('/');
  const name = spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  return builtinModules.includes(name) ? null : name;
}

// What a chunk can load a module with: static and re-exported imports, side-effect
// imports, import() and require() (also rolldown's __require), in ES or CommonJS output.
const LITERAL = String.raw`\s*["']([^"'\n]+)["']`;
const LOADERS = [
  new RegExp(String.raw`^\s*(?:import|export)\b[^;'"]*?\bfrom${LITERAL}`, 'gm'),
  new RegExp(String.raw`^\s*import${LITERAL}`, 'gm'),
  new RegExp(String.raw`\bimport\s*\(${LITERAL}\s*\)`, 'g'),
  new RegExp(String.raw`\brequire\s*\(${LITERAL}\s*\)`, 'g'),
];
// createRequire(...)("name"): the call's argument can hold parentheses of its own, as in
// CommonJS output: `(0, node_module.createRequire)(require("url").pathToFileURL(__filename).href)("windows-iana")`.
const CREATE_REQUIRE = new RegExp(String.raw`^[^;]{0,200}?\)\s*\(${LITERAL}\s*\)`);
const CHUNK = /\.c?js$/;
// import() / require() of something else than a string literal (comments aside).
const COMPUTED = /(?<![\w$.])(?:import|require|__require)\s*\(\s*(?!["'\s])(?!\))/g;

/** The code a package runs: bin/ and the bundle, as paths relative to its folder. */
function codeFiles(dir) {
  return ['bin', path.join('dist', 'bundle')]
    .filter((sub) => fs.existsSync(path.join(dir, sub)))
    .flatMap((sub) => fs.readdirSync(path.join(dir, sub)).filter((f) => CHUNK.test(f)).sort().map((f) => path.join(sub, f)));
}

/** The packages that the code of the package at `dir` loads at run time, each with the files that load it; and its computed loads. */
export function runtimeImports(dir) {
  const packages = new Map();
  const computed = [];
  for (const file of codeFiles(dir)) {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    const specs = LOADERS.flatMap((re) => [...text.matchAll(re)].map((m) => m[1]));
    for (const m of text.matchAll(/\bcreateRequire\b/g)) {
      const call = CREATE_REQUIRE.exec(text.slice(m.index));
      if (call) specs.push(call[1]);
    }
    for (const spec of specs) {
      const name = packageOf(spec);
      if (name) packages.set(name, [...(packages.get(name) ?? []), file]);
    }
    // Computed loads, outside comments (dropped roughly), in the bundle only: bin/ loads the
    // bundle's own files by path.
    if (!file.startsWith(path.join('dist', 'bundle'))) continue;
    const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    for (const m of code.matchAll(COMPUTED)) {
      const line = code.slice(0, m.index).split('\n').length;
      computed.push(`${file}: ${code.slice(m.index, m.index + 60).split('\n')[0]} (line ~${line})`);
    }
  }
  return { packages, computed };
}

/** Problems with the run-time loads of the package at `dir`: `resolves(name)` says whether a package is there for it. */
function importProblems(dir, resolves, where) {
  const { packages, computed } = runtimeImports(dir);
  const problems = [];
  for (const [name, files] of packages) {
    if (!resolves(name)) problems.push(`etiq loads ${name} (${[...new Set(files)].join(', ')}), which is not ${where}`);
  }
  for (const c of computed) problems.push(`a module loaded by a computed name, which no check can follow: ${c}`);
  return problems;
}

/** The folders of the inlined packages, from the source maps. */
function inlinedPackages(bundleDir) {
  const dirs = new Set();
  for (const file of fs.readdirSync(bundleDir).filter((f) => f.endsWith('.map'))) {
    const map = JSON.parse(fs.readFileSync(path.join(bundleDir, file), 'utf8'));
    for (const source of map.sources ?? []) {
      const abs = path.resolve(bundleDir, map.sourceRoot ?? '', source);
      const i = abs.lastIndexOf(`${path.sep}node_modules${path.sep}`);
      if (i < 0) continue;
      const rest = abs.slice(i + '/node_modules/'.length).split(path.sep);
      const depth = rest[0].startsWith('@') ? 2 : 1;
      dirs.add(abs.slice(0, i + '/node_modules/'.length) + rest.slice(0, depth).join(path.sep));
    }
  }
  return [...dirs];
}

function notices(bundleDir) {
  const entries = inlinedPackages(bundleDir).map((dir) => {
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    const licenceFiles = fs.readdirSync(dir).filter((f) => /^(licen[cs]e|copying|notice)(\.(md|txt))?$/i.test(f)).sort();
    const texts = licenceFiles.map((f) => fs.readFileSync(path.join(dir, f), 'utf8').trim());
    const licence = typeof pkg.license === 'string' ? pkg.license : (pkg.license?.type ?? 'see its package');
    return { name: pkg.name, version: pkg.version, licence, texts };
  });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  const rule = '-'.repeat(78);
  const head = [
    'etiq ships, inlined in the JavaScript files beside this one, code from the packages',
    'below (found through the build\'s source maps). Each is listed with its licence as',
    'the package states it and the licence text it comes with.',
    '',
    ...entries.map((e) => `  ${e.name}@${e.version}  ${e.licence}`),
  ];
  const bodies = entries.map((e) => [rule, `${e.name}@${e.version}  (${e.licence})`, '', ...(e.texts.length ? e.texts.join('\n\n') : `(the package has no licence file; its package.json says: ${e.licence})`).split('\n')].join('\n'));
  return [...head, '', ...bodies, ''].join('\n');
}

function main(argv) {
  const check = argv.indexOf('--check');
  if (check >= 0) {
    const dir = path.resolve(argv[check + 1] ?? '.');
    const bundleDir = path.join(dir, 'dist', 'bundle');
    // Resolve as the bundle's own chunks do: from dist/bundle/, up through node_modules.
    const req = createRequire(path.join(bundleDir, 'index.cjs'));
    const resolves = (name) => {
      try {
        req.resolve(`${name}/package.json`);
        return true;
      } catch {
        try {
          req.resolve(name);
          return true;
        } catch {
          return false;
        }
      }
    };
    const problems = importProblems(dir, resolves, `installed beside ${dir}`);
    for (const p of problems) console.error(`pack-deps: ${p}`);
    if (problems.length) return 1;
    console.log(`pack-deps: every package etiq loads resolves from ${dir}: ${[...runtimeImports(dir).packages.keys()].sort().join(', ')}`);
    return 0;
  }

  const bundleDir = path.join(repoRoot, 'dist', 'bundle');
  if (!fs.existsSync(bundleDir) || !fs.readdirSync(bundleDir).some((f) => CHUNK.test(f))) {
    console.error('pack-deps: dist/bundle/ holds no bundle: run it after scripts/bundle.js (npm run build does).');
    return 1;
  }
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const deps = new Set(Object.keys(pkg.dependencies ?? {}));
  const problems = importProblems(repoRoot, (name) => deps.has(name), 'in package.json "dependencies": a global install would not have it');
  if (!fs.readdirSync(bundleDir).some((f) => f.endsWith('.map'))) {
    problems.push(`dist/bundle/ has no source maps, which ${NOTICES} is made from (scripts/bundle.js: sourcemap)`);
  } else {
    fs.writeFileSync(path.join(bundleDir, NOTICES), notices(bundleDir));
  }
  for (const p of problems) console.error(`pack-deps: ${p}`);
  return problems.length ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
