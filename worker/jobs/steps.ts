// Why: a sync job is a list of registered steps; other areas (the photo sync) add theirs with `registerSyncStep` without touching the job manager.
import type { MasterEntity } from '../../src/lib/contract/ho';
import type { StepMessage } from '../../src/lib/db/types';
import type { Ctx } from '../context';
import { pushPending } from '../cloud/push';
import { pullCloudUpdates } from '../cloud/pull';
import { MASTER_ORDER, pullEntity } from '../ho/pull';

export type SyncScope = 'all' | 'master' | 'push' | 'pull';
export type Needs = 'ho' | 'cloud';

export interface StepRun {
	ctx: Ctx;
	signal: AbortSignal;
	/** Reports progress within the step (0..1) and the running count. */
	progress: (fraction: number, count: number, detail?: Record<string, number>) => Promise<void>;
}

/** What a step may return instead of a bare count: the count plus finer counts for the job's results. */
export interface StepOutcome {
	count: number;
	detail: Record<string, number>;
}

export interface SyncStep {
	/** Key in the job's `results` (companies, products, push, photos, …). */
	name: string;
	needs: Needs;
	scopes: readonly SyncScope[];
	message: StepMessage;
	/** Returns how many records it updated. */
	run(r: StepRun): Promise<number | StepOutcome>;
	/** Lower runs first. */
	order: number;
}

const registry = new Map<string, SyncStep>();

export function registerSyncStep(step: SyncStep): void {
	if (registry.has(step.name)) throw new Error(`sync step ${step.name} registered twice`);
	registry.set(step.name, step);
}

export function stepsFor(scope: SyncScope): SyncStep[] {
	return [...registry.values()].filter((s) => s.scopes.includes(scope)).sort((a, b) => a.order - b.order);
}

const ENGLISH: Record<MasterEntity, string> = {
	companies: 'Fetching companies…',
	brands: 'Fetching brands…',
	stores: 'Fetching stores…',
	categories: 'Fetching categories…',
	products: 'Fetching products…',
	modifiers: 'Fetching modifiers…'
};

MASTER_ORDER.forEach((entity, i) =>
	registerSyncStep({
		name: entity,
		needs: 'ho',
		scopes: ['all', 'master'],
		order: 10 + i,
		message: { key: 'sync.step.fetch', params: { entity }, text: ENGLISH[entity] },
		run: async ({ ctx, signal, progress }) =>
			pullEntity(ctx, entity, {
				signal,
				// Page count is unknown up front: creep towards the end of the step. Not awaited: the job document's
				// writes stay in order (one queue per document) and the next page need not wait for a progress bar.
				onPage: ({ total }) =>
					void progress(Math.min(0.95, total / (total + ctx.tunables.hoPageLimit)), total).catch(() => {})
			})
	})
);

registerSyncStep({
	name: 'push',
	needs: 'cloud',
	scopes: ['all', 'push'],
	order: 50,
	message: { key: 'sync.step.push', params: {}, text: 'Sending orders and transactions…' },
	run: async ({ ctx, signal }) => {
		let total = 0;
		for (;;) {
			const s = await pushPending(ctx, { signal });
			total += s.synced;
			if (!s.more) return total;
		}
	}
});

registerSyncStep({
	name: 'pull',
	needs: 'cloud',
	scopes: ['all', 'pull'],
	order: 60,
	message: { key: 'sync.step.pull', params: {}, text: 'Fetching cloud updates…' },
	run: async ({ ctx, signal }) => pullCloudUpdates(ctx, signal)
});

/** Where the photo sync plugs in (worker/photos registers a step named `photos`, order 70, scopes all/master). */
export const PHOTOS_STEP_ORDER = 70;
