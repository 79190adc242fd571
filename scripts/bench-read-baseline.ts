/**
 * The baseline of the benchmark's memory measurement: what Node.js alone does over the same files, one
 * at a time — list them, read each, JSON.parse it — with the young-generation setting the CLI uses for
 * long runs. Run as `node bench-read-baseline.js <folder>`; prints the number of files read.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { manyFiles } from '../src/cli/start/memory.js';

function listed(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...listed(path));
    else if (entry.name.endsWith('.json')) files.push(path);
  }
  return files.sort();
}

const files = listed(process.argv[2] ?? '.');
if (files.length >= manyFiles) setFlagsFromString('--semi-space-growth-factor=1');
let read = 0;
for (const file of files) {
  JSON.parse(readFileSync(file, 'utf8'));
  read += 1;
  // A turn of the event loop per file, as the CLI's asynchronous loop takes.
  await Promise.resolve();
}
console.log(read);
