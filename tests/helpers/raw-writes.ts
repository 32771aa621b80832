// Why: database tests write an order as the replication's pull does (straight to the storage instance, past RxDB's
// hooks and document cache) to show a reader still sees it; written once here instead of in each test.
import { createRevision, now as rxNow } from 'rxdb';
import { expect } from 'vitest';
import type { KasirDatabase } from '../../src/lib/db/database';
import type { OrderDoc } from '../../src/lib/db/types';

/** Writes a new order raw to the orders' storage instance, stamped on RxDB's clock; fails the test on a write error. */
export async function writeOrderRaw(
	db: KasirDatabase,
	order: OrderDoc,
	context = 'test-pull'
): Promise<void> {
	const res = await db.orders.storageInstance.bulkWrite(
		[
			{
				document: {
					...order,
					_deleted: false,
					_attachments: {},
					_rev: createRevision(db.token),
					_meta: { lwt: rxNow() }
				}
			}
		],
		context
	);
	expect(res.error).toEqual([]);
}
