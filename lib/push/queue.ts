/** The unit of push work is a batch; a BatchQueue carries batch refs to workers (in-process here, SQS on AWS). */
import type { BatchRef } from "../store/index.ts";

/** Where the fan-out puts batches. An SQS implementation sends `JSON.stringify(ref)`; its handler calls processBatch. */
export interface BatchQueue {
  enqueue(ref: BatchRef): Promise<void>;
}

/**
 * Batches the in-process queue runs at once by default, from PUSH_CONCURRENCY: the batches share that many send slots
 * per push service (lib/push/send-slots.ts), so more batches do not mean more sends in flight; they keep the slots busy
 * while a batch is claimed or finished, and when batches are small (a topic shard with a few subscribers) several fill
 * the slots together. One per 4 slots, at least 4.
 */
export const batchConcurrencyFor = (concurrency: number) => Math.max(4, Math.ceil(concurrency / 4));

/** The in-process queue: also lets callers (tests, shutdown) wait until every batch taken has been processed. */
export interface InProcessQueue extends BatchQueue {
  idle(): Promise<void>;
}

/**
 * A bounded worker pool: at most `concurrency` batches run at once, the rest wait in memory. Nothing is lost if the
 * process dies: each batch is a pending item in the table until done, and the sweeper re-enqueues stale ones.
 */
export function createInProcessQueue(options: {
  concurrency: number;
  process: (ref: BatchRef) => Promise<unknown>;
  onError: (error: unknown, ref: BatchRef) => void;
  /**
   * A batch still running after this long gives its slot back (its lease has expired by then, and the sweeper hands
   * the batch to another run); without it, a few stuck sends could stall every later batch of the process.
   */
  maxRunMs?: number;
}): InProcessQueue {
  const waiting: BatchRef[] = [];
  let running = 0;
  let waiters: Array<() => void> = [];

  const pump = () => {
    while (running < options.concurrency && waiting.length > 0) {
      const ref = waiting.shift()!;
      running++;
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        clearTimeout(timer);
        running--;
        pump();
      };
      const timer = options.maxRunMs
        ? setTimeout(() => {
            options.onError(new Error(`batch still running after ${options.maxRunMs} ms; its slot is given back`), ref);
            release();
          }, options.maxRunMs)
        : undefined;
      options
        .process(ref)
        .catch((error: unknown) => options.onError(error, ref))
        .finally(release);
    }
    if (running === 0 && waiting.length === 0) {
      const done = waiters;
      waiters = [];
      for (const resolve of done) resolve();
    }
  };

  return {
    async enqueue(ref) {
      waiting.push(ref);
      pump();
    },
    idle() {
      if (running === 0 && waiting.length === 0) return Promise.resolve();
      return new Promise((resolve) => waiters.push(resolve));
    },
  };
}
