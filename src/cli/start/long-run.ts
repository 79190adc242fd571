import { createRequire } from 'node:module';

/**
 * V8 settings for a long run of the command. Each is a setting of the command's process only: the library
 * never changes its host's. Short runs never make them, since loading node:v8 costs 2 ms of a cold start.
 * The bundle is loaded by then, so they do not touch its code cache (V8 checks a cache against the flags
 * when it reads it).
 */

/** From this many files on, a run is long enough for the young generation to keep growing. */
export const manyFiles = 200;

const set = new Set<string>();

/** Sets a V8 flag for the rest of the process, once. */
function setFlag(flag: string): void {
  if (set.has(flag)) return;
  set.add(flag);
  // require, not import(): the bundled CLI runs in a vm.Script, where import() has no loader to call.
  const v8 = createRequire(import.meta.url)('node:v8') as typeof import('node:v8');
  v8.setFlagsFromString(flag);
}

/**
 * A run over thousands of files allocates a little garbage per file for a long time, and V8 answers by
 * doubling its young generation again and again (up to 3 x 16 MB) although what stays alive is a few MB.
 * Holding it at its size keeps peak memory flat as the file count grows. Called once the arguments are
 * expanded: the walk, whose list of files all survives, lets it grow to a few MB first (held at 1 MB from
 * the 200th file on, a walk of 50,000 files spent half its time in scavenges; held after it, a run of
 * 10,000 files and one of 50,000 both measured 4% less CPU, and peak memory grew less between them).
 */
export function holdYoungGeneration(): void {
  setFlag('--semi-space-growth-factor=1');
}

/**
 * How much bytecode V8's optimizing compiler may inline into one function, in all (V8's default: 920).
 * A long run optimizes some 150 functions per thread, the generated one-pass checks and the walker among
 * them: that compile work ran on the second core while one thread linted, but competes with the threads
 * once both lint. With 200, the optimizing compiler's time per thread fell by about two fifths, and
 * interleaved runs over 50,000 files took 4 to 6% less time and CPU, over 10,000 and 3,000 files 5 to 8%
 * less (docs/performance.md). 100 and no inlining at all measured no better.
 */
export const inliningBudget = 200;

/**
 * Settings for a run whose files are spread over threads, for the rest of the process: called when a run
 * starts its lint workers, before they load the bundle, so that every thread compiles and collects with
 * them. A worker's code cache was made under V8's default flags and is refused after this change: the
 * worker compiles what it runs, during the walk that it would otherwise wait out.
 *
 * - A lower inlining budget (inliningBudget).
 * - No loop peeling: it copies a loop's first iteration so that checks in it can be left out of the
 *   others, more code to compile for every loop, in each thread, and in a run of a second or so that
 *   compiling competes with the lint threads for the cores. Without it, interleaved runs over 50,000 files
 *   took 1 to 2.7% less time in four comparisons (9 to 21 rounds each); splitting, store elimination,
 *   escape analysis and the mid-tier register allocator measured nothing beyond the noise.
 * - Scavenges on the thread that needs them: a parallel scavenge hands its work to V8's helper threads,
 *   which are busy compiling while both cores lint, and a worker's small young generation is scavenged
 *   some hundred times a run. Scavenging on the thread itself, interleaved runs over 50,000 files took 3.8
 *   to 4.8% less time (11 rounds each); a run on one thread, whose helpers are free, gained nothing. The
 *   flag is read at each scavenge. Concurrent marking and sweeping off measured nothing beyond the noise.
 *
 * docs/performance.md has the measurements.
 */
export function tuneForThreads(): void {
  setFlag(`--max-inlined-bytecode-size-cumulative=${inliningBudget}`);
  setFlag('--no-turbo-loop-peeling');
  setFlag('--no-parallel-scavenge');
}
