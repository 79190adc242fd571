/**
 * Standard output for the installed command, written with fs.writeSync. Touching process.stdout loads
 * Node's whole stream stack (about 2 ms of a 75 ms run), and the report is written in a few large blocks:
 * a file or a pipe (CI logs, pre-commit, redirects) takes them directly. A terminal gets process.stdout,
 * which writes to the console properly on every platform, and so does a non-blocking pipe that would
 * refuse a synchronous write (EAGAIN). A reader that has gone away (EPIPE: `| head`) ends the output,
 * quietly: the exit status still tells the result.
 */
import fs = require('node:fs');


/** The size of the buffer kept for writes: the bytes of a block of report text (src/cli/report/sink.ts) in any script, and some. */
const scratchSize = 4 * 64 * 1024;

/** writeSync stands in for fs.writeSync in tests (partial writes, EAGAIN, EPIPE). */
function fdOutput(fd: number, stream: () => fdOutput.Stream, writeSync: (fd: number, bytes: Uint8Array, offset: number) => number = fs.writeSync): fdOutput.Output {
  let tty: boolean | undefined;
  let direct = true;
  let closed = false;
  const isTTY = (): boolean => {
    if (tty === undefined) {
      let characterDevice = false;
      try {
        characterDevice = fs.fstatSync(fd).isCharacterDevice();
      } catch {
        // Not stat-able: not a terminal.
      }
      // Only a character device can be a terminal; only then is the tty module (and its streams) loaded.
      tty = characterDevice && (require('node:tty') as typeof import('node:tty')).isatty(fd);
    }
    return tty;
  };
  let streamed = false;
  // The bytes of each write, in one buffer kept for the next: a new buffer per 64 kB block was some 550
  // buffers for a report of 36 MB, each memory outside V8's heap for its collector to account for and free.
  let scratch: Buffer | undefined;
  return {
    get isTTY() {
      return isTTY();
    },
    get written() {
      return !streamed;
    },
    write(text: string): unknown {
      if (closed) return false;
      if (!direct || isTTY()) {
        streamed = true;
        return stream().write(text);
      }
      // At most 3 bytes of UTF-8 for each UTF-16 unit (a surrogate pair is 2 units and 4 bytes). A text
      // bigger than a block (a whole SARIF report) gets a buffer of its own size, not kept.
      const most = text.length * 3;
      let bytes: Buffer;
      if (most <= scratchSize) {
        scratch ??= Buffer.allocUnsafe(scratchSize);
        bytes = scratch.subarray(0, scratch.write(text, 0, 'utf8'));
      } else {
        bytes = Buffer.from(text, 'utf8');
      }
      let offset = 0;
      while (offset < bytes.length) {
        try {
          offset += writeSync(fd, bytes, offset);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'EPIPE') {
            closed = true;
            return false;
          }
          if (code !== 'EAGAIN') throw error;
          // The stream waits for the pipe to drain; what is not written yet goes that way, in order.
          direct = false;
          streamed = true;
          // A copy: the stream writes it later, and must hold no view of the buffer kept for writes.
          return stream().write(Buffer.from(bytes.subarray(offset)));
        }
      }
      return true;
    },
  };
}

namespace fdOutput {
  /** What the CLI writes its report to, and whether all of it is written already (no stream holds any). */
  export type Output = import('../run.js').CliIo['stdout'] & { readonly written: boolean };
  /** The stream a write falls back to; it takes bytes as well. */
  export interface Stream {
    write(chunk: string | Uint8Array): unknown;
  }

  let guarded = false;

  /**
   * process.stdout, with its write errors handled: a reader that has gone away (EPIPE) ends the output
   * quietly, as it does for the direct writes; any other failure is said in one line and makes the exit
   * status 2. Without a handler Node throws the error from the stream, with a stack trace.
   */
  export function guardedStdout(): NodeJS.WriteStream {
    const stdout = process.stdout;
    if (!guarded) {
      guarded = true;
      stdout.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'EPIPE') return;
        stderr.write(`graph-invite-contract: cannot write the report (${error.code ?? error.message})\n`);
        process.exitCode = 2;
      });
    }
    return stdout;
  }

  /**
   * The working folder, or undefined when it is gone (removed while the shell stood in it): said in one
   * line, where Node would throw from process.cwd() with a stack trace.
   */
  export function workingFolder(): string | undefined {
    try {
      return process.cwd();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      stderr.write(`graph-invite-contract: the working folder cannot be read${code === undefined ? '' : ` (${code})`}; it may have been removed\n`);
      return undefined;
    }
  }

  let stderrGuarded = false;

  /**
   * Whether anything was written to standard error through `stderr`: process.stderr may then still hold
   * some of it (a pipe takes writes asynchronously once it is full), and the process must not exit before
   * it has drained.
   */
  export function stderrUsed(): boolean {
    return stderrGuarded;
  }

  /**
   * Standard error that never fails the run: closed, full (/dev/full) or a reader gone, a message that
   * cannot be written is lost, and the run still ends with its own exit status. Without a handler Node
   * throws the stream's error, with a stack trace that cannot be printed either, and exits with 1.
   */
  export const stderr = {
    write(text: string): boolean {
      try {
        const stream = process.stderr;
        if (!stderrGuarded) {
          stderrGuarded = true;
          stream.on('error', () => undefined);
        }
        return stream.write(text);
      } catch {
        return false;
      }
    },
  };
}

export = fdOutput;
