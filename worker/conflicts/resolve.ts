// Why: conflict resolutions are queued locally (offline is fine) and sent when the cloud is reachable; the result is applied to the product.
import {
	AlreadyResolvedBody,
	CONFLICT_STRATEGIES,
	ProductEventData,
	type ConflictStrategy
} from '../../src/lib/contract/cloud';
import { err, ok, type CodedError, type Result } from '../../src/lib/domain/result';
import type { Ctx } from '../context';
import { NetError, errorText } from '../net/errors';
import { cloudRequest } from '../cloud/client';
import { applyProductUpdate } from '../cloud/apply';
import { pullSharedOrders } from '../cloud/shared-orders';
import { FencedError } from '../sync/lease';

export type ResolveResult = Result<
	{ queued: boolean },
	CodedError<'not_found' | 'already_resolved' | 'invalid_strategy'>
>;

export async function queueResolution(
	ctx: Ctx,
	id: string,
	strategy: ConflictStrategy,
	resolvedBy: string,
	notes: string | null
): Promise<ResolveResult> {
	if (!(CONFLICT_STRATEGIES as readonly string[]).includes(strategy))
		return err({
			code: 'invalid_strategy',
			message: `Unknown strategy ${String(strategy)}: use one of ${CONFLICT_STRATEGIES.join(', ')}.`
		});
	const doc = await ctx.db.conflicts.findOne(id).exec();
	if (!doc) return err({ code: 'not_found', message: `No conflict ${id}.` });
	if (doc.status === 'resolved')
		return err({ code: 'already_resolved', message: `Conflict ${id} is already resolved.` });
	await doc.incrementalPatch({
		status: 'resolving',
		strategy,
		queued_resolution: { strategy, resolved_by: resolvedBy, notes },
		error: null,
		updated_at: new Date().toISOString()
	});
	return ok({ queued: true });
}

/** Sends every queued resolution; stops at the first network failure (they stay queued). */
export async function sendQueuedResolutions(ctx: Ctx): Promise<number> {
	const docs = await ctx.db.conflicts.find({ selector: { status: 'resolving' } }).exec();
	let sent = 0;
	for (const doc of docs) {
		const q = doc.queued_resolution;
		if (!q) continue;
		try {
			const r = await cloudRequest(
				ctx,
				`/conflicts/${encodeURIComponent(doc.id)}/resolve`,
				'ResolveResponse',
				{
					method: 'POST',
					body: { strategy: q.strategy, resolved_by: q.resolved_by, notes: q.notes ?? undefined }
				}
			);
			await ctx.fence.assertCurrent(); // a superseded leader writes nothing back
			const now = new Date().toISOString();
			await doc.getLatest().incrementalPatch({
				status: 'resolved',
				applied_value: r.data.applied_value ?? null,
				new_version: r.data.new_version ?? null,
				resolved_at: r.data.resolved_at,
				resolved_by: q.resolved_by,
				notes: q.notes,
				queued_resolution: null,
				error: null,
				updated_at: now
			});
			if (doc.entity_type === 'product' && r.data.new_version != null) {
				// The applied value is checked like an event's: a value of the wrong type only moves the version.
				const data = ProductEventData.safeParse({ [doc.field]: r.data.applied_value });
				await applyProductUpdate(
					ctx,
					{ cloud_id: doc.cloud_id, local_id: doc.local_id },
					data.success ? data.data : {},
					r.data.new_version,
					now
				);
			}
			// Shared open orders: the choice was written as a new version; fetch it now rather than wait for its event.
			if (doc.entity_type === 'order') await pullSharedOrders(ctx);
			sent++;
		} catch (e) {
			if ((e instanceof NetError && e.transient) || e instanceof FencedError) throw e;
			const earlier =
				e instanceof NetError && e.status === 409 ? AlreadyResolvedBody.safeParse(e.body) : null;
			if (earlier?.success) {
				const r = earlier.data.data;
				await doc.getLatest().incrementalPatch({
					status: 'resolved',
					applied_value: r.applied_value ?? null,
					new_version: r.new_version,
					resolved_at: r.resolved_at,
					queued_resolution: null,
					error: null,
					updated_at: new Date().toISOString()
				});
				continue;
			}
			// Refused for good (404, already resolved at the cloud...): keep the reason, let a person look.
			await doc.getLatest().incrementalPatch({
				status: 'open',
				queued_resolution: null,
				error: errorText(e),
				updated_at: new Date().toISOString()
			});
		}
	}
	return sent;
}
