'use strict';
/**
 * A V8 code cache for etiq's bundle (issue 13): the compiled code of each bundle file is
 * kept in etiq's cache folder (`<cache>/code-cache/<node version>-<arch>/`), so that a run
 * deserializes what an earlier run compiled instead of parsing and compiling it again.
 * Measured on the bench database: `report --client --json` 170 -> 140 ms CPU, `report
 * --json` 290 -> 270 ms (docs/performance.md). It caches code, never output or input:
 * every run reads its calendars, config and database as before.
 *
 * - Node 22.1 and later have this built in (module.enableCompileCache): used as is.
 * - Node 20 and 21: bundle files are compiled with vm.Script and `cachedData`, through
 *   Module.prototype._compile for the files in dist/bundle/ only (nothing else is touched).
 *   v8-compile-cache does the same for every module, but produces its cache at compile
 *   time (before the code runs, so without the functions the run compiled lazily: most of
 *   them), hashes into os.tmpdir() and writes without renaming; hence these ~100 lines.
 * - The key is a checksum of a file's bytes and their length, so a rebuilt bundle never
 *   meets an old entry. V8 itself rejects data from another V8 version or other flags
 *   (`cachedDataRejected`); V8 in release builds does not checksum what it is given
 *   (flipped bytes in an entry crash Node 20 with SIGSEGV), so each entry starts with the
 *   checksum of its data, checked before use: a damaged entry is ignored and written anew.
 * - The checksum is CRC-32 (zlib.crc32, Node 20.15 and later), else SHA-1. Both catch a
 *   damaged entry; neither is asked to resist anyone (the folder must be the user's own,
 *   see trusted()). CRC-32 costs less where it counts, in every run: loading node:zlib
 *   ~2 ms against node:crypto's ~3.5, and ~0.1 ms for the ~1.1 MB of files and entries a
 *   report reads against ~1.3 ms for SHA-1; `etiq --help` 97.1 -> 94.8 ms (issue 13).
 * - Entries are written at exit, only for files that had none, to a temporary name renamed
 *   into place: a concurrent run sees the old entry, the new one, or none. Any failure
 *   (a read-only cache folder, a full disk) costs the cache, never the run.
 * - Not with --debug (stack traces then map to the TypeScript through Node's source-map
 *   support, which only the normal loader registers) or ETIQ_NO_CODE_CACHE=1, nor from a
 *   folder another user owns or can write to (trusted()): an entry is code that runs.
 */
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const vm = require('node:vm');

/**
 * The checksum: `sum(data)` of a Buffer, or of a string as its UTF-8 bytes, `bytes` long.
 * CRC-32 where Node has it, else SHA-1. Made when first asked: Node 22.1 and later take
 * the built-in cache, and need neither.
 */
let checksum;

function algorithm() {
  if (checksum === undefined) {
    const { crc32 } = require('node:zlib');
    checksum =
      typeof crc32 === 'function'
        ? {
            bytes: 4,
            sum: (data) => {
              const sum = Buffer.allocUnsafe(4);
              sum.writeUInt32BE(crc32(data));
              return sum;
            },
          }
        : { bytes: 20, sum: (data) => require('node:crypto').createHash('sha1').update(data).digest() };
  }
  return checksum;
}

function digest(data) {
  return algorithm().sum(data);
}

/** An entry's name for a bundle file's bytes: their checksum and length. */
function keyOf(data) {
  return `${digest(data).toString('hex')}-${typeof data === 'string' ? Buffer.byteLength(data) : data.length}`;
}
/** Entries untouched this long are deleted when a new one is written (after upgrades). */
const PRUNE_AFTER_MS = 30 * 24 * 3600 * 1000;

/** `./name.cjs`: a file of the bundle's own folder (the only form its files require each other by). */
function isChunk(id) {
  return id.length > 6 && id.charCodeAt(0) === 46 && id.charCodeAt(1) === 47 && id.endsWith('.cjs') && id.indexOf('/', 2) === -1 && !id.includes('\\');
}

/** The cached data in `file`, or undefined when there is none or it is damaged. */
function readEntry(file) {
  let buf;
  try {
    buf = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  const sumBytes = algorithm().bytes;
  if (buf.length <= sumBytes) return undefined;
  const data = buf.subarray(sumBytes);
  return digest(data).equals(buf.subarray(0, sumBytes)) ? data : undefined;
}

function writeEntry(file, data) {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, Buffer.concat([digest(data), data]), { mode: 0o600 });
    fs.renameSync(tmp, file);
  } catch {
    try {
      fs.unlinkSync(tmp);
    } catch {
      // nothing to remove
    }
  }
}

function prune(dir, keep) {
  let names;
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  const now = Date.now();
  for (const name of names) {
    const file = path.join(dir, name);
    if (keep.has(file)) continue;
    try {
      if (now - fs.statSync(file).mtimeMs > PRUNE_AFTER_MS) fs.unlinkSync(file);
    } catch {
      // gone already, or not ours to delete
    }
  }
}

/**
 * Whether code may be loaded from `dir` (and its parent): each folder that exists must be
 * the user's own and writable by no one else, since what is in it runs as etiq. A cache
 * folder pointed at a shared place (ETIQ_CACHE_DIR=/tmp/x) is then not used at all.
 */
function trusted(dir) {
  if (typeof process.getuid !== 'function') return true; // Windows: per-user folders
  for (const d of [path.dirname(dir), dir]) {
    let st;
    try {
      st = fs.statSync(d);
    } catch {
      continue; // made below, mode 0700
    }
    if (!st.isDirectory() || st.uid !== process.getuid() || (st.mode & 0o022) !== 0) return false;
  }
  return true;
}

/**
 * Installs the cache for the bundle files in `bundleDir`. `cacheRoot` is etiq's cache
 * folder (paths.cacheDir()).
 */
function install(bundleDir, cacheRoot) {
  const env = process.env;
  if (env.ETIQ_NO_CODE_CACHE === '1' || process.argv.includes('--debug')) return;
  if (typeof Module.enableCompileCache === 'function') {
    try {
      Module.enableCompileCache(path.join(cacheRoot, 'code-cache'));
    } catch {
      // no cache this run
    }
    return;
  }
  const dir = path.join(cacheRoot, 'code-cache', `${process.version}-${process.arch}`);
  if (!trusted(dir)) return;
  const compile = Module.prototype._compile;
  const pending = [];
  const used = new Set();
  const options = vm.constants && vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER ? { importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER } : {};

  /**
   * Compiles and runs a bundle file as `mod`, through the entry named `key` (keyOf the
   * file's bytes). requireChunk passes the key of the bytes it read: a key of the text
   * instead encodes it to UTF-8 again first, ~1 ms a run for ~700 KB (issue 13).
   */
  const compileChunk = (mod, content, filename, key) => {
    const file = path.join(dir, `${key}.v8`);
    used.add(file);
    const cachedData = readEntry(file);
    const script = new vm.Script(Module.wrap(content), { filename, cachedData, ...options });
    if (cachedData === undefined || script.cachedDataRejected) pending.push({ file, script });
    const wrapper = script.runInThisContext({ displayErrors: true });
    // What Module._compile hands a module: its own require, resolving from its folder.
    const require = (id) => (isChunk(id) ? requireChunk(id, mod) : mod.require(id));
    require.resolve = (request, opts) => Module._resolveFilename(request, mod, false, opts);
    require.main = process.mainModule;
    require.cache = Module._cache;
    return wrapper.call(mod.exports, mod.exports, require, mod, filename, path.dirname(filename));
  };

  Module.prototype._compile = function compileWithCache(content, filename) {
    if (path.dirname(filename) !== bundleDir) return compile.call(this, content, filename);
    return compileChunk(this, content, filename, keyOf(content));
  };

  /**
   * A bundle file asked for by another (`require("./x-hash.cjs")`, which is all the bundler
   * writes between its files) is loaded here without Node's resolution: ~25 files a run,
   * each of which costs Module._load stat() calls, a realpath and a look for package.json
   * (a warm noshow run: 148.7 -> 144.2 ms, CPU 156 -> 151 ms, 21 interleaved runs; issue
   * 13). The same steps otherwise:
   * Module._cache by file name (so a file is run once, and a cycle gets the exports made
   * so far), a Module whose parent and paths are the requiring file's, loaded = true after.
   */
  const requireChunk = (id, parent) => {
    const file = path.join(bundleDir, id);
    const known = Module._cache[file];
    if (known !== undefined) return known.exports;
    let bytes;
    try {
      bytes = fs.readFileSync(file);
    } catch {
      return parent.require(id); // Node's own error (MODULE_NOT_FOUND: "not built yet")
    }
    const mod = new Module(file, parent);
    mod.filename = file;
    mod.paths = parent.paths;
    Module._cache[file] = mod;
    let ok = false;
    try {
      compileChunk(mod, bytes.toString('utf8'), file, keyOf(bytes));
      ok = true;
    } finally {
      if (!ok) delete Module._cache[file];
    }
    mod.loaded = true;
    return mod.exports;
  };

  process.once('exit', () => {
    Module.prototype._compile = compile;
    if (pending.length === 0) return;
    try {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    } catch {
      return;
    }
    // After the run: the data then holds the functions this run compiled, not only the top level.
    for (const { file, script } of pending) {
      try {
        writeEntry(file, script.createCachedData());
      } catch {
        // this file stays uncached
      }
    }
    prune(dir, used);
  });
}

module.exports = { install };
