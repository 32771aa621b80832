// Why: the worker entry: opens the shared DB, joins the area handlers into one comlink-exposed api, and starts the replicator (leader or follower).
import { expose } from 'comlink';
import { openDatabase } from '../src/lib/db/database';
import type { WorkerApi } from './api';
import { conflictHandlers } from './conflicts/api';
import { reconcileHandlers } from './reconcile/api';
import { salesHandlers } from './sales/api';
import { watchConflicts } from './conflicts/auto';
import { createCtx, setOnChange } from './context';
import { doctorHandlers } from './doctor/api';
import { EventBus } from './events';
import { platformLocks } from './net/locks';
import { lazySetupHandlers } from './setup/lazy';
import { stateHandlers } from './state/api';
import { storageHandlers } from './storage/api';
import { storeHandlers } from './store/api';
import { watchState } from './state/state';
import { Replicator } from './sync/replicator';
import { syncHandlers } from './sync/api';
import { startGate } from './start-gate';

// Messages that arrive while the database opens are held, then replayed to comlink once it listens.
const early: MessageEvent[] = [];
const hold = (e: MessageEvent) => early.push(e);
self.addEventListener('message', hold);

// The worker opens the database first and migrates it when a stored version is older than the code's (the migration
// plugin loaded only then, `copyUnchanged` for products v1 -> v2); the UI thread opens its own instance only for the
// screens other than selling, after this one answered `databaseReady`.
performance.mark('kasir:worker:script');
const db = await openDatabase();
performance.mark('kasir:worker:db');
const ctx = createCtx({ db, locks: platformLocks(), bus: new EventBus(), origin: self.location.origin });
const replicator = new Replicator(ctx);

// The page's first catalogue window is answered before the rest of the worker's start (the replication's lock, lease,
// push and pull, the state's and the conflicts' watches, a new subscriber's first state): their reads and writes would
// queue on the worker's thread and IndexedDB ahead of the window's. The rest starts at that first answer, or when the
// page calls anything beyond the selling screen's reads and writes, or a second after the open (a page that never
// lists the catalogue).
const gate = startGate(1000);
let state: ReturnType<typeof watchState> | null = null;
setOnChange(ctx, () => state?.refresh());
void gate.rest.then(() => {
	performance.mark('kasir:worker:rest');
	state = watchState(ctx);
	watchConflicts(ctx);
	replicator.start();
});

const api = {
	...gate.eager(
		lazySetupHandlers(ctx, () => {
			replicator.restartStream();
			replicator.requestPush();
		})
	),
	...gate.eager(syncHandlers(ctx, replicator)),
	...stateHandlers(ctx, (online) => replicator.setOnline(online), gate.rest),
	...gate.eager(conflictHandlers(ctx, () => replicator.requestPush())),
	...gate.eager(doctorHandlers(ctx)),
	...gate.eager(storageHandlers(ctx)),
	...gate.eager(reconcileHandlers(ctx, () => replicator.requestPush())),
	...storeHandlers(ctx, () => {
		performance.mark('kasir:worker:first-window');
		gate.open();
	}),
	...salesHandlers(ctx)
} satisfies WorkerApi;

expose(api);
self.removeEventListener('message', hold);
for (const e of early)
	self.dispatchEvent(new MessageEvent<unknown>('message', { data: e.data, ports: [...e.ports] }));
