// Why: the state handlers: a snapshot, and the subscription through which every worker event reaches the UI.
import type { Ctx, Tunables } from '../context';
import type { ReplicationState, WorkerEventListener } from '../events';
import { computeState } from './state';

export function stateHandlers(ctx: Ctx, onOnline: (online: boolean) => void) {
	return {
		getState: (): Promise<ReplicationState> => computeState(ctx),
		/** `listener` is a comlink proxy; returns a subscription id for `unsubscribe`. */
		subscribe(listener: WorkerEventListener): number {
			const off = ctx.bus.subscribe(listener);
			const id = nextId++;
			subs.set(id, off);
			void computeState(ctx).then((st) => listener('sync-state', st));
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
