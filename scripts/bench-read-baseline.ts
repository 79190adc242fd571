/**
 * The floor the benchmark compares the CLI with: what Node.js alone does with the same input. Given a
 * folder, it lists the .json files below it, then reads and JSON.parses each, one at a time, with the
 * young-generation setting the CLI uses for long runs; given a file, it reads and parses that file.
 * Run as `node bench-read-baseline.js <folder or file>`; prints the number of files read.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { manyFiles } from '../src/cli/start/long-run.js';

function listed(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...listed(path));
    else if (entry.name.endsWith('.json')) files.push(path);
  }
  return files.sort();
}

const given = process.argv[2] ?? '.';
const files = statSync(given).isDirectory() ? listed(given) : [given];
if (files.length >= manyFiles) setFlagsFromString('--semi-space-growth-factor=1');
let read = 0;
for (const file of files) {
  JSON.parse(readFileSync(file, 'utf8'));
  read += 1;
  // A turn of the event loop per file, as the CLI's asynchronous loop takes.
  await Promise.resolve();
}
process.stdout.write(`${read}\n`);
