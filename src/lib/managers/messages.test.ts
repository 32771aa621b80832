// Why: the head-office banner follows the worker's answers: the newest undismissed message first, a dismissal moving it
// on, a config change arriving while the app is open toasting once, and the list pruned to its size.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MessageDoc } from '$lib/db/types';
import { openStoreWorker, type StoreWorker } from '../../../tests/helpers/store-worker';
import { messageDoc } from '../../../tests/helpers/sync-docs';
import { MESSAGE_LIST_SIZE, messages } from './messages.svelte';
import { toasts } from './toast.svelte';

let worker: StoreWorker;
beforeEach(async () => {
	worker = await openStoreWorker();
});
afterEach(async () => {
	await worker.close();
});

const message = (i: number, over: Partial<MessageDoc> = {}) =>
	messageDoc({ id: `m${i}`, received_at: new Date(Date.UTC(2026, 0, 27, 10, 0, i)).toISOString(), ...over });

describe('messages manager', () => {
	it('shows the newest undismissed message, moves on when it is dismissed, toasts a new config change and prunes', async () => {
		const { db, store } = worker;
		await db.messages.bulkInsert([message(1), message(2), message(3, { dismissed: true })]);
		messages.attach(store);
		await vi.waitFor(() => expect(messages.items.map((m) => m.id)).toEqual(['m3', 'm2', 'm1']));
		expect(messages.banner?.id).toBe('m2');
		messages.dismiss('m2');
		await vi.waitFor(() => expect(messages.banner?.id).toBe('m1'));
		expect((await db.messages.findOne('m2').exec())?.dismissed).toBe(true);
		// Present at start: no toast; a config change arriving later: one toast (a broadcast waits in the banner).
		expect(toasts.items).toEqual([]);
		await db.messages.insert(message(4, { kind: 'config', title: 'Config', message: 'Prices changed' }));
		await vi.waitFor(() => expect(messages.banner?.id).toBe('m4'));
		expect(toasts.items).toHaveLength(1);
		await db.messages.insert(message(5));
		await vi.waitFor(() => expect(messages.banner?.id).toBe('m5'));
		expect(toasts.items).toHaveLength(1);
		// A full list prunes the device's copy to its size.
		await db.messages.bulkInsert(Array.from({ length: MESSAGE_LIST_SIZE }, (_, i) => message(10 + i)));
		await vi.waitFor(async () => expect(await db.messages.count().exec()).toBe(MESSAGE_LIST_SIZE));
		await vi.waitFor(() => expect(messages.items).toHaveLength(MESSAGE_LIST_SIZE));
		expect(messages.items[0]?.id).toBe(`m${10 + MESSAGE_LIST_SIZE - 1}`);
	});
});
