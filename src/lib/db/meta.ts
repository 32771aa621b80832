// Why: small key/value records (checkpoints, counters, device id) plus the few-doc kinds that do not get a collection of their own
// under RxDB's 13-collection free limit: companies, brands, daily summaries, shifts and reconciliation outcomes, each under a typed key prefix.
import type { MangoQuerySelector } from 'rxdb';
import type { Observable } from 'rxjs';
import { map } from 'rxjs';
import { readByKeys } from './covered-read';
import type { KasirDatabase } from './database';
import { counterKey, shiftKey, reconcileKey, summaryKey } from './meta-keys';
import type { BrandDoc, CompanyDoc, DailySummaryDoc, MetaDoc, ReconciliationDoc, ShiftDoc } from './types';

export * from './meta-keys';

export async function getMeta<T>(db: KasirDatabase, key: string): Promise<T | undefined> {
	const doc = await db.meta.findOne(key).exec();
	return doc ? (doc.toJSON().value as T) : undefined;
}

/**
 * The values of these keys (missing ones absent), read straight from the meta table in one transaction: a page's first
 * read of `meta` through RxDB also pays its query queue and document cache while the page boots.
 */
export async function getMetaValues(
	db: KasirDatabase,
	keys: readonly string[]
): Promise<Map<string, unknown>> {
	const values = new Map<string, unknown>();
	const raw = await readByKeys(db.meta, keys);
	if (raw) for (const [key, doc] of raw) values.set(key, doc.value);
	else
		for (const [key, doc] of await db.meta.findByIds([...keys]).exec()) values.set(key, doc.toJSON().value);
	return values;
}

export async function setMeta(db: KasirDatabase, key: string, value: unknown): Promise<void> {
	await db.meta.upsert({ key, value, updated_at: new Date().toISOString() });
}

export function observeMeta<T>(db: KasirDatabase, key: string): Observable<T | undefined> {
	return db.meta.findOne(key).$.pipe(map((d) => (d ? (d.toJSON().value as T) : undefined)));
}

/**
 * The meta documents whose key starts with `prefix`, as a range of the primary key: index-covered, only the prefix's
 * documents are read. A `$regex` is checked by RxDB on every meta document, each copied out of IndexedDB on the UI thread
 * (the shift summaries' entries, the reports' day partials: tens of KB each), and its cursor holds the store meanwhile,
 * so the worker's start-up writes (its leader term) and every read after them queue behind it (docs/performance.md,
 * "Eighth pass: the shift screen's read as it opens").
 */
export function keyPrefix(prefix: string): MangoQuerySelector<MetaDoc> {
	return { key: { $gte: prefix, $lt: `${prefix}\uffff` } };
}

async function listPrefix<T>(db: KasirDatabase, prefix: string): Promise<T[]> {
	// Counters, drafts, checkpoints, summaries: the pay path reads the shifts on every sale.
	const docs = await db.meta.find({ selector: keyPrefix(prefix) }).exec();
	return docs.map((d) => d.toJSON().value as T);
}

export const listCompanies = (db: KasirDatabase) => listPrefix<CompanyDoc>(db, 'company:');
export const listBrands = (db: KasirDatabase) => listPrefix<BrandDoc>(db, 'brand:');
export const listDailySummaries = (db: KasirDatabase) => listPrefix<DailySummaryDoc>(db, 'summary:');

export const listReconciliations = (db: KasirDatabase) => listPrefix<ReconciliationDoc>(db, 'reconcile:');

export async function saveReconciliation(db: KasirDatabase, doc: ReconciliationDoc): Promise<void> {
	await setMeta(db, reconcileKey(doc.date), doc);
}

export const listShifts = (db: KasirDatabase) => listPrefix<ShiftDoc>(db, 'shift:');

export async function saveShift(db: KasirDatabase, doc: ShiftDoc): Promise<void> {
	await setMeta(db, shiftKey(doc.local_id), doc);
}

export async function saveDailySummary(db: KasirDatabase, doc: DailySummaryDoc): Promise<void> {
	await setMeta(db, summaryKey(doc.outlet_id, doc.date), doc);
}

/** Next value of a named counter (order numbers); atomic within the database via incrementalModify. */
export async function nextCounter(db: KasirDatabase, name: string): Promise<number> {
	const key = counterKey(name);
	const now = new Date().toISOString();
	await db.meta.insertIfNotExists({ key, value: 0, updated_at: now });
	const doc = await db.meta.findOne(key).exec();
	if (!doc) throw new Error(`counter ${name} vanished`);
	// The value is taken inside the modifier: RxDB batches concurrent modifies and resolves them all with the final doc.
	let mine = 0;
	await doc.incrementalModify((d) => {
		mine = Number(d.value ?? 0) + 1;
		return { ...d, value: mine, updated_at: now };
	});
	return mine;
}
