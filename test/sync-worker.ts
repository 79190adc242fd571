/**
 * A worker thread kept loaded from call to call, that answers one request at a time while its caller
 * blocks (Atomics.wait), so that callers stay synchronous, as with spawnSync. A call that outlasts its
 * time limit stops the thread, as spawnSync's timeout stops a process; the next call starts another.
 * The CLI host (test/cli-harness.ts) and the script host (test/script-host.ts) are each one.
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort, type WorkerOptions } from 'node:worker_threads';

/** What a worker of this kind is started with: its role (one module may hold several kinds), its port and its flag. */
export interface SyncWorkerData {
  readonly role: string;
  readonly port: MessagePort;
  readonly done: SharedArrayBuffer;
}

/** Whether this thread was started as the worker of `role`. */
export function isSyncWorker(data: unknown, role: string): data is SyncWorkerData {
  return typeof data === 'object' && data !== null && (data as { role?: unknown }).role === role;
}

/** The worker's side: each request is handed to `handle` with the function that answers it, once. */
export function serveSync<Request, Result>(data: SyncWorkerData, handle: (request: Request, answer: (result: Result) => void) => void): void {
  const flag = new Int32Array(data.done);
  data.port.on('message', (request: Request) => {
    let answered = false;
    handle(request, (result) => {
      if (answered) return;
      answered = true;
      data.port.postMessage(result);
      Atomics.store(flag, 0, 1);
      Atomics.notify(flag, 0);
    });
  });
}

/**
 * The caller's side: a call that starts the worker of `file` as `role` on first use and blocks until it
 * answers; undefined when it did not answer within limitMs (the worker is then stopped).
 */
export function syncWorker<Request, Result>(file: URL, role: string, options: Omit<WorkerOptions, 'workerData' | 'transferList'> = {}): (request: Request, limitMs: number) => Result | undefined {
  let host: { worker: Worker; port: MessagePort; flag: Int32Array } | undefined;
  const start = (): NonNullable<typeof host> => {
    const { port1, port2 } = new MessageChannel();
    const done = new SharedArrayBuffer(4);
    const worker = new Worker(file, { ...options, workerData: { role, port: port2, done } satisfies SyncWorkerData, transferList: [port2] });
    // Idle, it must not keep the test process alive.
    worker.unref();
    port1.unref();
    return { worker, port: port1, flag: new Int32Array(done) };
  };
  return (request, limitMs) => {
    host ??= start();
    const { worker, port, flag } = host;
    Atomics.store(flag, 0, 0);
    port.postMessage(request);
    if (Atomics.wait(flag, 0, 0, limitMs) === 'timed-out') {
      void worker.terminate();
      host = undefined;
      return undefined;
    }
    const reply = receiveMessageOnPort(port);
    if (reply === undefined) throw new Error(`the ${role} answered nothing`);
    return reply.message as Result;
  };
}
