/**
 * The entry of the V8 startup snapshot the benchmark builds (bench-snapshot.ts): the bundled CLI loaded,
 * then run once over the documented samples so that the code it runs is compiled and its module state
 * made, all of it saved in the snapshot. A process started from the snapshot deserializes that state
 * with Node's own instead of reading, compiling and initializing the bundle, then runs the command with
 * its arguments: figure 1 sets that start-up beside the installed command's.
 *
 * Only Node's own modules can be required while a snapshot is built; the bundle needs no others.
 */
import fs = require('node:fs');
import path = require('node:path');
import v8 = require('node:v8');
import vm = require('node:vm');

type Run = (argv: readonly string[], io: { cwd: string; env: NodeJS.ProcessEnv; stdout: { write(text: string): boolean }; stderr: { write(text: string): boolean } }) => Promise<number>;

const bundleFile = process.env['GIC_SNAPSHOT_BUNDLE'];
const warmUpFolder = process.env['GIC_SNAPSHOT_WARM_UP'];
if (bundleFile === undefined || warmUpFolder === undefined) throw new Error('GIC_SNAPSHOT_BUNDLE and GIC_SNAPSHOT_WARM_UP name the bundle and the folder of the warm-up run');

// The bundle is stored as the function of CommonJS's module variables (scripts/bundle.ts).
const factory = vm.runInThisContext(fs.readFileSync(bundleFile, 'latin1'), { filename: bundleFile }) as (...args: unknown[]) => void;
const module = { exports: {} as { run?: Run } };
factory.call(module.exports, module.exports, require, module, bundleFile, path.dirname(bundleFile));
const run = module.exports.run;
if (run === undefined) throw new Error(`${bundleFile} exports no run`);

/** Every byte through fs.writeSync, as the installed command writes to a file or a pipe. */
const written = (fd: number) => ({
  write(text: string): boolean {
    const bytes = Buffer.from(text, 'utf8');
    for (let offset = 0; offset < bytes.length; ) offset += fs.writeSync(fd, bytes, offset);
    return true;
  },
});

const discarded = { write: () => true };
void run(['validate', warmUpFolder], { cwd: process.cwd(), env: {}, stdout: discarded, stderr: discarded });

v8.startupSnapshot.setDeserializeMainFunction(() => {
  // Started as `node --snapshot-blob <blob> <arguments>`: the arguments follow the executable.
  run(process.argv.slice(1), { cwd: process.cwd(), env: process.env, stdout: written(1), stderr: written(2) }).then(
    (status) => {
      process.exitCode = status;
    },
    () => {
      process.exitCode = 2;
    },
  );
});
