// Why: what the worker does when a conflict arrives or an outlet edit is accepted: sell with the cloud's value until a
// manager decides, resolve on its own where the outlet policy allows, and keep the product's version in step with the cloud.
import type { Subscription } from 'rxjs';
import { META, getMeta } from '../../src/lib/db/meta';
import type { ConflictStrategy, ProductUpdateDoc } from '../../src/lib/db/types';
import {
	DEFAULT_CONFLICT_POLICY,
	autoStrategyFor,
	validatePolicy,
	type ConflictPolicy
} from '../../src/lib/domain/conflict';
import { applyProductUpdate } from '../cloud/apply';
import type { Ctx } from '../context';

/** Who the cloud records as the resolver of an automatic decision. */
export const AUTO_RESOLVER = 'auto-policy';

export async function loadPolicy(ctx: Ctx): Promise<ConflictPolicy> {
	const raw = await getMeta<unknown>(ctx.db, META.conflictPolicy);
	if (raw === undefined || raw === null) return DEFAULT_CONFLICT_POLICY;
	const v = validatePolicy(raw);
	return v.ok ? v.value : DEFAULT_CONFLICT_POLICY;
}

export type ArrivalOutcome = { id: string; heldCloudValue: boolean; auto: ConflictStrategy | null };

/** Handles one arrived conflict; a second arrival of the same id (push result + event) does nothing more. */
export async function onConflictArrived(ctx: Ctx, id: string): Promise<ArrivalOutcome | null> {
	const doc = await ctx.db.conflicts.findOne(id).exec();
	if (!doc || doc.status !== 'open' || doc.queued_resolution || doc.auto) return null;
	let heldCloudValue = false;
	if (doc.entity_type === 'product')
		heldCloudValue = await applyProductUpdate(
			ctx,
			{ cloud_id: doc.cloud_id, local_id: doc.local_id },
			{ [doc.field]: doc.cloud_value },
			doc.cloud_version,
			doc.cloud_updated_at
		);
	const strategy = autoStrategyFor(doc, await loadPolicy(ctx));
	if (!strategy) return { id, heldCloudValue, auto: null };
	await doc.getLatest().incrementalPatch({ auto: true, updated_at: new Date().toISOString() });
	// Resolutions are rare: their code (the sending with it) loads with the first one.
	const { queueResolution } = await import('./resolve');
	const r = await queueResolution(
		ctx,
		id,
		strategy,
		AUTO_RESOLVER,
		`Automatic: outlet policy resolves ${doc.field} with ${strategy}`
	);
	return { id, heldCloudValue, auto: r.ok ? strategy : null };
}

/** An accepted outlet edit (push result with the new version) is applied to the product, so its next edit is based on that version. */
export async function onProductUpdateSynced(
	ctx: Ctx,
	u: Pick<ProductUpdateDoc, 'product_id' | 'changes' | 'result' | 'synced_at' | 'sync_status'>
): Promise<boolean> {
	if (u.sync_status !== 'synced' || !u.result) return false;
	const version = u.result.version;
	if (u.result.status === 'conflict' || typeof version !== 'number') return false;
	return applyProductUpdate(
		ctx,
		{ cloud_id: u.product_id },
		{ ...u.changes },
		version,
		u.synced_at ?? new Date().toISOString()
	);
}

/** Starts both watchers; work is serialised so two arrivals of one conflict cannot both act. */
export function watchConflicts(ctx: Ctx): { stop(): void } {
	let chain: Promise<unknown> = Promise.resolve();
	const run = (f: () => Promise<unknown>) => {
		chain = chain.then(f).catch((e: unknown) => console.warn('[kasir worker] conflicts', e));
	};
	const unsubscribe = ctx.bus.subscribe((name, payload) => {
		if (name === 'conflict') run(() => onConflictArrived(ctx, (payload as { id: string }).id));
	});
	const sub: Subscription = ctx.db.product_updates.$.subscribe((ev) => {
		if (ctx.flags.role !== 'leader' || ev.operation === 'DELETE') return;
		const d = ev.documentData;
		if (d.sync_status === 'synced') run(() => onProductUpdateSynced(ctx, d));
	});
	return {
		stop() {
			unsubscribe();
			sub.unsubscribe();
		}
	};
}
