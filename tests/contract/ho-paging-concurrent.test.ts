// Checkpoint paging while HQ writes concurrently: pullers that keep pulling end equal to the server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.ts';
import { call, pullAll, session, type Row, type Session } from './ho-helpers.ts';

let server: TestServer;
let s: Session;
beforeAll(async () => {
	server = await startServer();
	s = await session(server);
});
afterAll(async () => {
	await server?.stop();
});

/** An outlet-like puller: applies pages of 7 into a local map, remembers its checkpoint. */
class Puller {
	readonly rows = new Map<string, Row>();
	checkpoint: string | null = null;
	checkpoints: string[] = [];
	async pull() {
		const page = await pullAll(server, s.token, 'products', s.companyId, {
			limit: 7,
			since: this.checkpoint
		});
		for (const r of page.rows) this.rows.set(r.id, r);
		if (page.checkpoint) this.checkpoints.push(page.checkpoint);
		this.checkpoint = page.checkpoint;
	}
}

describe('paging under concurrent writes', () => {
	it('three pullers and a writer: after the writes stop, one more pull makes every puller equal the server', async () => {
		const all = (await pullAll(server, s.token, 'products', s.companyId)).rows;
		const ids = all.map((p) => p.id);
		const pullers = [new Puller(), new Puller(), new Puller()];
		let writing = true;

		const writer = async () => {
			// Three writers at a time, so transactions really overlap on PostgreSQL.
			for (let round = 0; round < 25; round++) {
				await Promise.all(
					[0, 1, 2].map(async (k) => {
						const id = ids[(round * 7 + k * 13) % ids.length] ?? '';
						const r = await call(server, `/api/v1/admin/products/${id}`, {
							method: 'PATCH',
							token: s.token,
							json: { price: 10000 + round * 100 + k, stock: round }
						});
						expect([200, 404]).toContain(r.status);
					})
				);
				if (round === 10) {
					const r = await call(server, `/api/v1/admin/products/${ids[5]}`, {
						method: 'DELETE',
						token: s.token
					});
					expect(r.status).toBe(200);
				}
			}
			writing = false;
		};
		const keepPulling = async (p: Puller) => {
			while (writing) await p.pull();
		};
		await Promise.all([writer(), ...pullers.map(keepPulling)]);
		for (const p of pullers) await p.pull();

		const truth = new Map(
			(await pullAll(server, s.token, 'products', s.companyId, { limit: 1000 })).rows.map((r) => [r.id, r])
		);
		expect(truth.size).toBe(all.length);
		expect(truth.get(ids[5] ?? '')?.is_deleted).toBe(true);
		expect([...truth.values()].filter((r) => Number(r.version) > 1).length).toBeGreaterThan(10);
		for (const p of pullers) {
			expect(p.rows.size).toBe(truth.size);
			for (const [id, row] of truth) expect(p.rows.get(id), id).toEqual(row);
			// Checkpoints only move forward.
			const sorted = [...p.checkpoints].sort();
			expect(p.checkpoints).toEqual(sorted);
		}
	});
});
