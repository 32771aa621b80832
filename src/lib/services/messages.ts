// Why: the cashier's actions on head-office messages (dismiss one, dismiss all); the list itself is kept for reference.
import type { KasirDatabase } from '$lib/db';

export async function dismissMessage(db: KasirDatabase, id: string): Promise<void> {
	const doc = await db.messages.findOne(id).exec();
	if (doc && !doc.dismissed)
		await doc.incrementalPatch({ dismissed: true, updated_at: new Date().toISOString() });
}

export async function dismissAllMessages(db: KasirDatabase): Promise<number> {
	const docs = await db.messages.find({ selector: { dismissed: false } }).exec();
	const now = new Date().toISOString();
	for (const d of docs) await d.incrementalPatch({ dismissed: true, updated_at: now });
	return docs.length;
}

/** Keeps the list short: only the newest `keep` messages stay on the device. */
export async function pruneMessages(db: KasirDatabase, keep = 30): Promise<number> {
	const docs = await db.messages
		.find({ selector: { received_at: { $gt: '' } }, sort: [{ received_at: 'desc' }] })
		.exec();
	const old = docs.slice(keep);
	if (old.length) await db.messages.bulkRemove(old.map((d) => d.id));
	return old.length;
}
