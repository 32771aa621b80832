// Why: the state handlers: a snapshot, and the subscription through which every worker event reaches the UI.
import type { Ctx, Tunables } from '../context';
import type { ReplicationState, WorkerEventListener } from '../events';
import { computeState } from './state';

/**
 * `started`: resolves once the worker's start went past the selling screen's first answers (`worker/main.ts`): a new
 * subscriber's first `sync-state` (a dozen reads) waits for it instead of queueing before the catalogue's reads.
 */
export function stateHandlers(
	ctx: Ctx,
	onOnline: (online: boolean) => void,
	started: Promise<void> = Promise.resolve()
) {
	return {
		getState: (): Promise<ReplicationState> => computeState(ctx),
		/** `listener` is a comlink proxy; returns a subscription id for `unsubscribe`. */
		subscribe(listener: WorkerEventListener): number {
			const off = ctx.bus.subscribe(listener);
			const id = nextId++;
			subs.set(id, off);
			void started.then(() => computeState(ctx)).then((st) => listener('sync-state', st));
			return id;
		},
		unsubscribe(id: number): void {
			subs.get(id)?.();
			subs.delete(id);
		},
		/** The page forwards its online/offline events (a worker gets them too; this covers browsers that do not). */
		setOnline(online: boolean): void {
			onOnline(online);
		},
		/**
		 * Diagnostics and the till bench: the worker's start marks (`kasir:worker:*`), each as milliseconds since the epoch
		 * (the page subtracts its own `performance.timeOrigin`).
		 */
		startMarks(): [string, number][] {
			return performance
				.getEntriesByType('mark')
				.filter((m) => m.name.startsWith('kasir:worker:'))
				.map((m) => [m.name.slice('kasir:worker:'.length), performance.timeOrigin + m.startTime]);
		},
		/** Diagnostics/test knob: page size, intervals (kept for this worker's life only). */
		setTunables(values: Partial<Tunables>): Tunables {
			Object.assign(ctx.tunables, values);
			return { ...ctx.tunables };
		}
	};
}
let nextId = 1;
const subs = new Map<number, () => void>();
export type StateApi = ReturnType<typeof stateHandlers>;
