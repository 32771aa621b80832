// Why: a Last-Event-ID the cloud never sent (its event log was restored or reset) is refused with 409; the
// outlet must drop that cursor and reconnect without it instead of retrying the refused id forever.
import 'fake-indexeddb/auto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { KasirDatabase } from '../../src/lib/db/database';
import { META, getMeta, setMeta } from '../../src/lib/db/meta';
import { startServer, type TestServer } from '../../tests/helpers/server';
import { until } from '../../tests/helpers/wait';
import { demoOutlet, testCtx } from '../testing';
import { runEventStream } from './stream';

let server: TestServer;
let db: KasirDatabase | undefined;

beforeAll(async () => {
	server = await startServer();
});
afterEach(async () => {
	await db?.remove();
	db = undefined;
});
afterAll(async () => {
	await server?.stop();
});

describe('event stream cursor ahead of the cloud', () => {
	it('drops the cursor, reconnects without it and stays connected', async () => {
		const t = await testCtx(server.url);
		db = t.db;
		await demoOutlet(t.ctx, server.url);
		await setMeta(db, META.eventsLastId, 10_000_000);
		const errors: string[] = [];
		let connects = 0;
		const ac = new AbortController();
		const run = runEventStream(
			t.ctx,
			{
				onConnect: () => {
					connects++;
					return Promise.resolve();
				},
				onError: (code) => {
					errors.push(code);
					return Promise.resolve();
				}
			},
			ac.signal
		);
		await until(() => Promise.resolve(connects > 0 && t.ctx.flags.stream === 'connected'), {
			what: 'the stream to reconnect without the refused Last-Event-ID',
			timeoutMs: 20_000
		});
		expect(errors).toEqual(['stream_resync']);
		expect(await getMeta<number>(db, META.eventsLastId)).toBe(0);
		ac.abort();
		await run;
	});
});
