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

// Messages that arrive while the database opens are held, then replayed to comlink once it listens.
const early: MessageEvent[] = [];
const hold = (e: MessageEvent) => early.push(e);
self.addEventListener('message', hold);

// The worker opens the database first and migrates it when a stored version is older than the code's (the migration
// plugin loaded only then, `copyUnchanged` for products v1 -> v2); the UI thread opens its own instance only for the
// screens other than selling, after this one answered `databaseReady`.
const db = await openDatabase();
const ctx = createCtx({ db, locks: platformLocks(), bus: new EventBus(), origin: self.location.origin });
const state = watchState(ctx);
setOnChange(ctx, () => state.refresh());
watchConflicts(ctx);
const replicator = new Replicator(ctx);

const api = {
	...lazySetupHandlers(ctx, () => {
		replicator.restartStream();
		replicator.requestPush();
	}),
	...syncHandlers(ctx, replicator),
	...stateHandlers(ctx, (online) => replicator.setOnline(online)),
	...conflictHandlers(ctx, () => replicator.requestPush()),
	...doctorHandlers(ctx),
	...storageHandlers(ctx),
	...reconcileHandlers(ctx, () => replicator.requestPush()),
	...storeHandlers(ctx),
	...salesHandlers(ctx)
} satisfies WorkerApi;

expose(api);
self.removeEventListener('message', hold);
for (const e of early)
	self.dispatchEvent(new MessageEvent<unknown>('message', { data: e.data, ports: [...e.ports] }));
replicator.start();
