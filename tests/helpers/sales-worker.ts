// Why: the services' and the cart's unit tests drive the worker's real sales handlers (worker/sales) over comlink through a
// Node MessageChannel, on the test's own RxDB (fake IndexedDB): the same messages, cloning and answers as in the browser.
import { expose, wrap } from 'comlink';
import type { KasirDatabase } from '../../src/lib/db/database';
import type { SalesClient } from '../../src/lib/worker-client';
import { createCtx } from '../../worker/context';
import { EventBus } from '../../worker/events';
import { platformLocks, type Locks } from '../../worker/net/locks';
import { salesHandlers, type SalesApi } from '../../worker/sales/api';

export interface SalesWorker {
	/** The UI's typed client of the worker's sales area. */
	client: SalesClient;
	/** The worker's locks (in Node, in-process): a test holds a tab's or the start's lock on them. */
	locks: Locks;
	/** Closes both ends of the channel. */
	close(): void;
}

let last: SalesWorker | null = null;

/**
 * The worker's sales handlers over `db`, exposed on one end of a MessageChannel; the client wraps the other end. The
 * previous channel (an earlier test's) is closed first.
 */
export function salesWorker(db: KasirDatabase): SalesWorker {
	last?.close();
	const { port1, port2 } = new MessageChannel();
	const locks = platformLocks();
	const ctx = createCtx({ db, locks, bus: new EventBus(), origin: 'http://localhost' });
	expose(salesHandlers(ctx) satisfies SalesApi, port1);
	const client = wrap<SalesApi>(port2);
	const worker: SalesWorker = {
		client,
		locks,
		close() {
			port1.close();
			port2.close();
			if (last === worker) last = null;
		}
	};
	last = worker;
	return worker;
}
