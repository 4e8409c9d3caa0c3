/**
 * The bundle's files as one gzipped tar that is the same bytes for the same files: sorted
 * entries, a fixed mtime, no owner (`portable`: uid/gid fields empty, which tar reads as
 * 0/root), mode 0644, a gzip header without a time. Same input, same digest: re-running a
 * package job pushes nothing new, and the digest alone says whether two bundles differ.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Parser, create, type ReadEntry } from 'tar';
import { CutoverError } from '../errors.ts';

/** 2000-01-01: any fixed time; not 0, which some tools print as "no time". */
const FIXED_MTIME = new Date(Date.UTC(2000, 0, 1));

/** A safe relative path: no absolute path, no `..`, no empty part, no backslash. */
export function checkBundlePath(path: string): string {
  if (
    !path ||
    path.startsWith('/') ||
    path.includes('\\') ||
    path.split('/').some((p) => p === '' || p === '.' || p === '..')
  )
    throw new CutoverError('INPUT_INVALID', `bundle: \`${path}\` is not a relative file path`, {
      hint: 'bundle paths are relative, `/`-separated, without `.` or `..` parts',
    });
  return path;
}

export async function packFiles(files: Map<string, string | Uint8Array>): Promise<Uint8Array> {
  const paths = [...files.keys()].map(checkBundlePath).sort();
  // node-tar packs from the file system: lay the files out in a private folder first.
  const dir = await mkdtemp(join(tmpdir(), 'cutover-bundle-'));
  try {
    for (const path of paths) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), files.get(path)!, { mode: 0o644 });
    }
    const chunks: Buffer[] = [];
    const pack = create(
      { cwd: dir, portable: true, mtime: FIXED_MTIME, noDirRecurse: true },
      paths,
    );
    for await (const chunk of pack as AsyncIterable<Buffer>) chunks.push(chunk);
    // Node's gzip header has mtime 0; the OS byte is set so every platform writes the same.
    const gz = gzipSync(Buffer.concat(chunks), { level: 9 });
    gz[9] = 3; // unix
    return new Uint8Array(gz);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The files of a bundle archive, in memory: nothing is extracted to disk. */
export async function unpackFiles(archive: Uint8Array): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const bad: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const parser = new Parser({
      strict: true,
      onReadEntry: (entry: ReadEntry) => {
        if (entry.type !== 'File') {
          entry.resume();
          return;
        }
        const chunks: Buffer[] = [];
        entry.on('data', (c: Buffer) => chunks.push(c));
        entry.on('end', () => {
          try {
            files.set(checkBundlePath(entry.path), Buffer.concat(chunks));
          } catch {
            bad.push(entry.path);
          }
        });
      },
    });
    parser.on('error', reject);
    parser.on('end', () => resolve());
    parser.end(Buffer.from(archive));
  });
  if (bad.length > 0)
    throw new CutoverError(
      'REGISTRY_ERROR',
      `bundle: unsafe paths in the archive: ${bad.join(', ')}`,
    );
  return files;
}
