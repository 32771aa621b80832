// Why: a Last-Event-ID the cloud never sent (its event log was restored or reset) is refused with 409; the
// outlet must drop that cursor and reconnect without it instead of retrying the refused id forever.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { META, getMeta, setMeta } from '../../src/lib/db/meta';
import { until } from '../../tests/helpers/wait';
import { demoOutlet } from '../testing';
import { workerHarness } from '../test-harness';
import { runEventStream } from './stream';

const h = workerHarness();

describe('event stream cursor ahead of the cloud', () => {
	it('drops the cursor, reconnects without it and stays connected', async () => {
		const t = await h.open();
		const db = t.db;
		await demoOutlet(t.ctx, h.url);
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
