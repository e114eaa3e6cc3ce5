/**
 * Hostile database files and a full disk (issue 9, items 9 and 10), on real database files
 * in a temp folder: no mocks. The disk-full sentence is also tested as a pure function
 * (diskFullMessage), since a real full disk needs a small filesystem: the test that fills
 * one (a 2 MiB tmpfs) runs only with ETIQ_TEST_TMPFS=1, as root.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { LOW_DISK_BYTES, SCHEMA_VERSION, Store, describeSqliteError, diskFullMessage, freeBytes } from '../../../src/adapters/store.js';
import { formatSize } from '../../../src/core/duration.js';
import { EtiqError } from '../../../src/core/errors.js';
import { opened, tempDir } from './cleanup.js';

const T0 = Date.UTC(2026, 2, 10, 15, 0);
const MiB = 1024 * 1024;


/** The store's own connection, to set a connection-level limit on it. */
function conn(store: Store): Database.Database {
  return (store as unknown as { db: Database.Database }).db;
}

function sha(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

function fingerprint(file: string): { sha: string; mtimeMs: number; size: number } {
  const st = fs.statSync(file);
  return { sha: sha(file), mtimeMs: st.mtimeMs, size: st.size };
}

/** Sets the file's times in the past, so that any write shows in its mtime. */
function age(file: string): void {
  const past = new Date('2020-01-01T00:00:00Z');
  fs.utimesSync(file, past, past);
}

/** A database written by the store with `rows` clients, closed (WAL checkpointed, sidecars gone). */
function populated(file: string, rows = 40): void {
  const s = Store.open(file);
  s.write(() => {
    for (let i = 0; i < rows; i++) s.updateClient(`c${i}@x.example`, { name: `Client ${i}` }, T0);
  });
  s.close();
}

function clientCount(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT COUNT(*) FROM clients').pluck().get() as number;
  } finally {
    db.close();
  }
}

function caught(fn: () => unknown): EtiqError {
  let error: unknown;
  try {
    const s = fn();
    if (s instanceof Store) opened.push(s);
  } catch (err) {
    error = err;
  }
  expect(error, 'expected an EtiqError').toBeInstanceOf(EtiqError);
  return error as EtiqError;
}

/** Refused as a damaged file is: exit 1, one sentence naming the file and the version. */
function expectBadVersion(e: EtiqError, file: string, version: number): void {
  expect(e.exitCode).toBe(1);
  expect(e.code).toBe('store');
  expect(e.message).not.toContain('\n');
  expect(e.message).toContain(file);
  expect(e.message).toContain(`schema version is ${version}, which no etiq writes`);
  expect(e.message).toMatch(/is damaged \(.+\); it was left untouched: move it aside or pass --db$/);
  expect(e.message).not.toMatch(/Expected first argument/);
}

describe('a schema version no etiq writes', () => {
  for (const version of [-1, -2_147_483_648]) {
    it(`refuses a WAL database at user_version ${version}, every time, untouched and without a backup (open and openForReading)`, () => {
      const dir = tempDir('etiq-hostile-');
      const file = path.join(dir, 'etiq.db');
      populated(file);
      const raw = new Database(file);
      raw.pragma(`user_version = ${version}`);
      expect(raw.pragma('user_version', { simple: true })).toBe(version);
      raw.close();
      expect(fs.readdirSync(dir)).toEqual(['etiq.db']);
      age(file);
      const before = fingerprint(file);
      for (let run = 0; run < 3; run++) {
        expectBadVersion(caught(() => Store.open(file)), file, version);
        expectBadVersion(caught(() => Store.openForReading(file)), file, version);
      }
      expect(fingerprint(file)).toEqual(before);
      expect(fs.readdirSync(dir)).toEqual(['etiq.db']); // no .bak, no -wal, no -shm
      expect(clientCount(file)).toBe(40);
    });
  }

  it('refuses a rollback-journal file with a schema and a negative version, untouched and without a backup', () => {
    const dir = tempDir('etiq-hostile-');
    const file = path.join(dir, 'etiq.db');
    const raw = new Database(file);
    raw.exec("CREATE TABLE legacy (x TEXT); INSERT INTO legacy VALUES ('kept')");
    raw.pragma('user_version = -5');
    expect(raw.pragma('journal_mode', { simple: true })).toBe('delete');
    raw.close();
    age(file);
    const before = fingerprint(file);
    expectBadVersion(caught(() => Store.open(file)), file, -5);
    expectBadVersion(caught(() => Store.openForReading(file)), file, -5);
    expect(fingerprint(file)).toEqual(before);
    expect(fs.readdirSync(dir)).toEqual(['etiq.db']);
  });

  it('refuses a negative version that sits in the -wal of a writer that died, without checkpointing it', () => {
    const dir = tempDir('etiq-hostile-');
    const file = path.join(dir, 'etiq.db');
    populated(file);
    const sqlite = createRequire(import.meta.url).resolve('better-sqlite3');
    const script = `
      const Database = require(${JSON.stringify(sqlite)});
      const db = new Database(${JSON.stringify(file)});
      db.pragma('wal_autocheckpoint = 0');
      db.pragma('user_version = -1');
      process.kill(process.pid, 'SIGKILL');`;
    const killed = spawnSync(process.execPath, ['-e', script]);
    expect(killed.signal).toBe('SIGKILL');
    expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(0);
    age(file);
    const before = fingerprint(file);
    const walBefore = sha(`${file}-wal`);
    expectBadVersion(caught(() => Store.open(file)), file, -1);
    expectBadVersion(caught(() => Store.openForReading(file)), file, -1);
    expect(fingerprint(file)).toEqual(before);
    expect(sha(`${file}-wal`)).toBe(walBefore);
    expect(fs.readdirSync(dir).filter((f) => f.includes('.bak'))).toEqual([]);
  });

  it('still migrates version 0 and opens the current version', () => {
    const dir = tempDir('etiq-hostile-');
    const file = path.join(dir, 'etiq.db');
    fs.writeFileSync(file, '');
    const store = Store.open(file);
    opened.push(store);
    expect(conn(store).pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
  });
});

describe('diskFullMessage', () => {
  const f = '/data/etiq.db';
  const tail = 'free some space and run the command again; nothing was recorded';

  it('says the disk is full for SQLITE_FULL, with the free space when known', () => {
    expect(diskFullMessage(f, 'SQLITE_FULL', 1.2 * MiB)).toBe(`cannot write ${f}: the disk is full (1.2MiB free, SQLITE_FULL); ${tail}`);
    expect(diskFullMessage(f, 'SQLITE_FULL', 0)).toBe(`cannot write ${f}: the disk is full (0 bytes free, SQLITE_FULL); ${tail}`);
    expect(diskFullMessage(f, 'SQLITE_FULL', null)).toBe(`cannot write ${f}: the disk is full (SQLITE_FULL); ${tail}`);
    // Room next to the file: SQLite's temporary folder is the likely one.
    expect(diskFullMessage(f, 'SQLITE_FULL', 20 * 1024 * MiB)).toBe(
      `cannot write ${f}: a disk is full (SQLITE_FULL; its folder still has 20GiB free, so it may be the temporary folder's); ${tail}`,
    );
  });

  it('takes an I/O error for a full disk only below LOW_DISK_BYTES free', () => {
    expect(LOW_DISK_BYTES).toBe(8 * MiB);
    for (const code of ['SQLITE_IOERR', 'SQLITE_IOERR_WRITE', 'SQLITE_IOERR_FSYNC', 'SQLITE_IOERR_SHMSIZE']) {
      expect(diskFullMessage(f, code, 1.2 * MiB), code).toBe(`cannot write ${f}: the disk is full (1.2MiB free, ${code}); ${tail}`);
      expect(diskFullMessage(f, code, LOW_DISK_BYTES - 1), code).toMatch(/the disk is full \(8MiB free/);
      expect(diskFullMessage(f, code, LOW_DISK_BYTES), code).toBeNull();
      expect(diskFullMessage(f, code, null), code).toBeNull();
    }
    expect(diskFullMessage(f, 'SQLITE_IOERR_NOMEM', 0)).toBeNull();
    expect(diskFullMessage(f, 'SQLITE_CANTOPEN', 0)).toBeNull();
    expect(diskFullMessage(f, 'SQLITE_READONLY', 0)).toBeNull();
  });

  it('formats sizes in binary units', () => {
    expect(formatSize(0)).toBe('0 bytes');
    expect(formatSize(1023)).toBe('1023 bytes');
    expect(formatSize(1536)).toBe('1.5KiB');
    expect(formatSize(512 * 1024)).toBe('512KiB');
    expect(formatSize(1.2 * MiB)).toBe('1.2MiB');
    expect(formatSize(3 * 1024 * 1024 * MiB)).toBe('3TiB');
  });

  it('freeBytes measures a real folder and is null for one that does not exist', () => {
    const free = freeBytes(tempDir('etiq-hostile-'));
    expect(typeof free).toBe('number');
    expect(free!).toBeGreaterThanOrEqual(0);
    expect(freeBytes(path.join(tempDir('etiq-hostile-'), 'missing', 'deeper'))).toBeNull();
  });
});

describe('describeSqliteError on a full disk', () => {
  const file = '/data/etiq.db';
  const ioerr = Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR_WRITE' });

  it('measures the database folder, and names a full disk instead of the permissions', () => {
    const asked: string[] = [];
    const e = describeSqliteError(file, ioerr, (dir) => (asked.push(dir), 1.2 * MiB));
    expect(asked).toEqual(['/data']);
    expect(e).toBeInstanceOf(EtiqError);
    expect(e.exitCode).toBe(1);
    expect(e.message).toBe(`cannot write ${file}: the disk is full (1.2MiB free, SQLITE_IOERR_WRITE); free some space and run the command again; nothing was recorded`);
    expect(e.cause).toBe(ioerr);
  });

  it('keeps the permissions sentence for an I/O error with room on the disk, or when the room cannot be told', () => {
    for (const free of [100 * 1024 * MiB, null]) {
      const e = describeSqliteError(file, ioerr, () => free);
      expect(e.exitCode).toBe(1);
      expect(e.message).toMatch(/^database \/data\/etiq\.db cannot be written \(disk I\/O error\); check the folder's permissions/);
    }
  });

  it('does not measure the disk for other errors', () => {
    const e = describeSqliteError(file, Object.assign(new Error('locked'), { code: 'SQLITE_BUSY' }), () => {
      throw new Error('should not be asked');
    });
    expect(e.message).toMatch(/is locked/);
  });

  it('a real SQLITE_FULL from the store\'s own write: one sentence, exit 1, nothing recorded, the file as it was', () => {
    const dir = tempDir('etiq-hostile-');
    const file = path.join(dir, 'etiq.db');
    populated(file);
    age(file);
    const before = fingerprint(file);
    const store = Store.open(file);
    opened.push(store);
    // The store's connection may not grow the file by a single page: SQLite says SQLITE_FULL.
    const pages = conn(store).pragma('page_count', { simple: true }) as number;
    conn(store).pragma(`max_page_count = ${pages}`);
    const e = caught(() =>
      store.write(() => {
        for (let i = 0; i < 500; i++) store.updateClient(`new${i}@x.example`, { notes: 'n'.repeat(2000) }, T0);
      }),
    );
    expect(e.exitCode).toBe(1);
    expect(e.message).not.toContain('\n');
    expect(e.message).toContain(file);
    expect(e.message).toMatch(/^cannot write .+: a?.*disk is full \(.*SQLITE_FULL.*\); free some space and run the command again; nothing was recorded$/);
    expect((e.cause as { code?: string }).code).toBe('SQLITE_FULL');
    // What was stored is still there, on the same connection and after closing.
    expect(store.read(() => store.listClients()).length).toBe(40);
    expect(store.read(() => store.clientByEmail('new0@x.example'))).toBeNull();
    store.close();
    expect(fingerprint(file)).toEqual(before);
    expect(fs.readdirSync(dir)).toEqual(['etiq.db']);
    expect(clientCount(file)).toBe(40);
    const again = Store.open(file);
    opened.push(again);
    expect(again.integrity()).toBe('ok');
  });
});

/** Mounts a small tmpfs; null when this process may not (not root, no CAP_SYS_ADMIN). */
function tinyDisk(): { dir: string; unmount: () => void } | null {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'etiq-tinyfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    fs.rmSync(dir, { recursive: true, force: true });
    return null;
  }
  return {
    dir,
    unmount: () => {
      execFileSync('umount', [dir], { stdio: 'ignore' });
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Fills the filesystem of dir; returns the filler file. */
function fill(dir: string): string {
  const filler = path.join(dir, 'filler');
  const fd = fs.openSync(filler, 'w');
  const block = Buffer.alloc(4096, 1);
  try {
    for (;;) fs.writeSync(fd, block);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    fs.closeSync(fd);
  }
  return filler;
}

describe.skipIf(process.env.ETIQ_TEST_TMPFS !== '1')('a really full disk (ETIQ_TEST_TMPFS=1, root: mounts a 2 MiB tmpfs)', () => {
  it('says the disk is full when opening, when writing, and still reads', () => {
    const disk = tinyDisk();
    if (!disk) throw new Error('cannot mount a tmpfs here: run as root, or leave ETIQ_TEST_TMPFS unset');
    try {
      const file = path.join(disk.dir, 'etiq.db');
      populated(file, 50);
      const before = sha(file);

      // Full before the command: the -shm cannot be made (SQLITE_IOERR_SHMSIZE).
      let filler = fill(disk.dir);
      const atOpen = caught(() => Store.open(file));
      expect(atOpen.exitCode).toBe(1);
      expect(atOpen.message).toMatch(/^cannot write .+etiq\.db: the disk is full \(\d+ bytes free, SQLITE_IOERR\w*\); free some space and run the command again; nothing was recorded$/);
      const reader = Store.openForReading(file);
      expect(reader).not.toBeNull();
      expect(reader!.listClients().length).toBe(50);
      reader!.close();
      expect(sha(file)).toBe(before);
      fs.rmSync(filler);

      // Full during the command: the write fails (SQLITE_FULL), nothing of it is kept.
      const store = Store.open(file);
      filler = fill(disk.dir);
      const atWrite = caught(() =>
        store.write(() => {
          for (let i = 0; i < 2000; i++) store.updateClient(`new${i}@x.example`, { notes: 'n'.repeat(2000) }, T0);
        }),
      );
      expect(atWrite.exitCode).toBe(1);
      expect(atWrite.message).toMatch(/^cannot write .+etiq\.db: the disk is full \(\d+ bytes free, SQLITE_FULL\); free some space and run the command again; nothing was recorded$/);
      store.close();
      fs.rmSync(filler);
      expect(clientCount(file)).toBe(50);
      expect(sha(file)).toBe(before);
    } finally {
      disk.unmount();
    }
  });
});
