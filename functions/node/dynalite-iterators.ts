/**
 * dynalite 4.0.0 reads queries and scans through streams over abstract-level iterators and, when a stream ends,
 * calls `iterator.return()` — which abstract-level 3 iterators do not have. Their `close()` is never called, so every
 * Query and Scan leaves a native LevelDB iterator (and the snapshot it pins) open until the database closes: the
 * embedded store grew by about 40 KB of memory per query, several hundred MB under a long list-heavy load. This
 * replaces dynalite's two stream factories on its database with ones that close the iterator, before any store is made.
 */
import { createRequire } from "node:module";
import { Readable } from "node:stream";

interface LevelIterator {
  next(): Promise<unknown>;
  close(): Promise<void>;
}

interface LevelDatabase {
  keys(options?: object): LevelIterator;
  values(options?: object): LevelIterator;
  createKeyStream?: (options?: object) => Readable;
  createValueStream?: (options?: object) => Readable;
}

interface DynaliteDbModule {
  create(options: object): { db: LevelDatabase };
  __iteratorsClosed?: boolean;
}

let open = 0;
let opened = 0;

/** Iterators the embedded store opened in this process, and how many are still open (0 when idle). */
export const iteratorCounts = () => ({ opened, open });

function streamOf(iterator: LevelIterator): Readable {
  opened++;
  open++;
  let closed = false;
  return new Readable({
    objectMode: true,
    read() {
      iterator.next().then(
        (value) => this.push(value === undefined ? null : value),
        (error: Error) => this.destroy(error),
      );
    },
    // Runs when the stream ends (autoDestroy) and when dynalite stops reading early (takeWhile destroys it).
    destroy(error, done) {
      if (closed) return done(error);
      closed = true;
      open--;
      iterator.close().then(() => done(error), () => done(error));
    },
  });
}

/** Idempotent; call before the first `dynalite()`. */
export function closeDynaliteIterators(): void {
  const module = createRequire(import.meta.url)("dynalite/db/index.js") as DynaliteDbModule;
  if (module.__iteratorsClosed) return;
  module.__iteratorsClosed = true;
  const create = module.create;
  module.create = (options) => {
    const store = create(options);
    // Sub-databases call these on the main database at query time, so replacing them here covers every table.
    store.db.createKeyStream = (options) => streamOf(store.db.keys(options));
    store.db.createValueStream = (options) => streamOf(store.db.values(options));
    return store;
  };
}
