// Why: the manager's actions on conflicts and outlet product edits: decide (queued offline, sent when online), set the policy, change a price or stock.
import { boot } from '$lib/app/boot';
import {
	META,
	NEVER_PUSHED,
	setMeta,
	type KasirDatabase,
	type ProductChanges,
	type ProductDoc,
	type ProductUpdateDoc
} from '$lib/db';
import { validatePolicy, type ConflictPolicy, type ConflictStrategy } from '$lib/domain/conflict';
import { app } from '$lib/managers/app.svelte';
import { toasts } from '$lib/managers/toast.svelte';
import { t } from '$lib/i18n/i18n.svelte';
import { fieldLabel } from '$lib/i18n/format';
import { AppError, handleError } from './error.service';

/** The name the cloud records as the resolver: the HO user who set the tablet up, else the outlet's manager. */
function resolverName(): string {
	const s = app.settings;
	return s?.ho_username
		? `${s.ho_username}@${s.outlet_code || 'outlet'}`
		: `manager@${s?.outlet_code || 'outlet'}`;
}

export type ResolveSummary = { saved: number; refused: { id: string; message: string }[] };

/** Decides one or many conflicts with one strategy; the worker keeps each decision and sends it when it can. */
export async function resolveConflicts(
	ids: readonly string[],
	strategy: ConflictStrategy,
	notes: string | null = null
): Promise<ResolveSummary> {
	const { worker } = await boot();
	const out: ResolveSummary = { saved: 0, refused: [] };
	for (const id of ids) {
		try {
			const r = await worker.api.resolveConflict(
				id,
				strategy,
				resolverName(),
				notes && notes.trim() ? notes.trim() : null
			);
			if (r.ok) out.saved++;
			else out.refused.push({ id, message: r.error.message });
		} catch (e) {
			out.refused.push({ id, message: handleError(e, 'resolve conflict') });
		}
	}
	if (out.saved)
		toasts.show(
			app.online
				? t('cf.doneOnline', { n: out.saved })
				: `${t('cf.done', { n: out.saved })} — ${t('cf.resolvingOffline')}`,
			'success'
		);
	for (const r of out.refused) toasts.show(t('cf.error', { detail: r.message }), 'error');
	return out;
}

/** Validates and stores the outlet's conflict policy (read by the worker when a conflict arrives). */
export async function savePolicy(policy: ConflictPolicy): Promise<void> {
	const v = validatePolicy(policy);
	if (!v.ok) throw new AppError('invalid_policy', t('policy.invalid', { field: fieldLabel(v.error.field) }));
	await setMeta(app.requireDb(), META.conflictPolicy, v.value);
	toasts.show(t('policy.saved'), 'success');
}

export type EditError = 'not_found' | 'nothing_changed' | 'invalid_price' | 'invalid_stock';

/** The fields that differ from the product as stored, or an error code. */
export function diffProduct(
	p: Pick<ProductDoc, 'price' | 'stock' | 'is_available'>,
	next: ProductChanges
): { ok: true; changes: ProductChanges } | { ok: false; error: EditError } {
	const changes: ProductChanges = {};
	if (next.price !== undefined) {
		if (!Number.isSafeInteger(next.price) || next.price < 0) return { ok: false, error: 'invalid_price' };
		if (next.price !== p.price) changes.price = next.price;
	}
	if (next.stock !== undefined) {
		if (next.stock !== null && (!Number.isSafeInteger(next.stock) || next.stock < 0))
			return { ok: false, error: 'invalid_stock' };
		if (next.stock !== p.stock) changes.stock = next.stock;
	}
	if (next.is_available !== undefined && next.is_available !== p.is_available)
		changes.is_available = next.is_available;
	return Object.keys(changes).length ? { ok: true, changes } : { ok: false, error: 'nothing_changed' };
}

/**
 * A manager's price/stock/availability change at the outlet: the till uses it at once, and an outbox entry based on the
 * product's current version goes to the cloud (which answers a conflict if head office changed the product meanwhile).
 */
export async function editProduct(
	db: KasirDatabase,
	productId: string,
	next: ProductChanges
): Promise<{ ok: true; update: ProductUpdateDoc } | { ok: false; error: EditError }> {
	const doc = await db.products.findOne(productId).exec();
	if (!doc) return { ok: false, error: 'not_found' };
	const d = diffProduct(doc, next);
	if (!d.ok) return d;
	const now = new Date().toISOString();
	// A second edit while the first still waits (offline) joins it: two entries on one base version would make the
	// second conflict with the first once the first is accepted.
	const waiting = (
		await db.product_updates.find({ selector: { sync_status: { $in: ['pending', 'failed'] } } }).exec()
	)
		.filter((u) => u.product_id === productId)
		.sort((a, b) => b.created_at.localeCompare(a.created_at))[0];
	if (waiting) {
		const merged = await waiting.incrementalModify((u) => ({
			...u,
			changes: { ...u.changes, ...d.changes },
			version: u.version + 1,
			sync_status: 'pending',
			sync_error: null,
			sync_attempts: 0,
			next_attempt_at: null,
			updated_at: now
		}));
		await doc.incrementalPatch({ ...d.changes, updated_at: now });
		return { ok: true, update: merged.toMutableJSON() };
	}
	const update: ProductUpdateDoc = {
		id: crypto.randomUUID(),
		product_id: productId,
		changes: d.changes,
		base_version: doc.version,
		version: 1,
		result: null,
		created_at: now,
		updated_at: now,
		...NEVER_PUSHED
	};
	await db.product_updates.insert(update);
	await doc.incrementalPatch({ ...d.changes, updated_at: now });
	return { ok: true, update };
}
