// The connection doctor's command line against the real reference server: healthy, every check
// passes; behind a proxy that breaks it the way seed 000 describes, each fault gets its sentence.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DoctorReport } from '../../worker/doctor/types.ts';
import {
	CATEGORIES_500_DETAIL,
	WRONG_CHECKSUM,
	startBreakingProxy,
	type BreakingProxy
} from '../helpers/breaking-proxy.ts';
import { ROOT, startServer, type TestServer } from '../helpers/server.ts';
import { StatusDryRunResponse } from '../../src/lib/contract/ho.ts';
import { call, pullAll, session } from './ho-helpers.ts';

let server: TestServer;
let proxy: BreakingProxy;

beforeAll(async () => {
	server = await startServer();
	proxy = await startBreakingProxy(server.url);
	// One HQ edit, so the event stream has a signed message for the doctor to verify.
	const s = await session(server);
	const product = (await pullAll(server, s.token, 'products', s.companyId)).rows[0];
	if (!product) throw new Error('no product');
	const r = await call(server, `/api/v1/admin/products/${product.id}`, {
		method: 'PATCH',
		token: s.token,
		json: { price: 42000, reason: 'doctor test' }
	});
	expect(r.status).toBe(200);
});
afterAll(async () => {
	await proxy?.close();
	await server?.stop();
});

function doctor(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/doctor.ts'), ...args], {
			cwd: ROOT,
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
		child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
		child.on('error', reject);
		child.on('exit', (code) => resolve({ code, stdout, stderr }));
	});
}

const args = (base: string, ...more: string[]) => [
	'--ho',
	base,
	'--user',
	'demo',
	'--password',
	'demo1234',
	'--cloud',
	base,
	'--key',
	'demo-key-jkt-001',
	'--outlet',
	'JKT-001',
	...more
];

/** The line of the text report whose check target starts with `target`. */
function line(out: string, target: string): string {
	const l = out.split('\n').find((x) => x.slice(2).startsWith(`${target} `));
	if (!l) throw new Error(`no line for ${target} in:\n${out}`);
	return l;
}

describe('npm run doctor', () => {
	it('passes every check against the healthy server, with --write and --json, and exits 0', async () => {
		const r = await doctor(args(server.url, '--write', '--json'));
		expect(r.stderr).toBe('');
		const report = JSON.parse(r.stdout) as DoctorReport;
		const notPassed = report.checks.filter((c) => c.status !== 'pass');
		// Only what cannot apply to a plain-http server on one host is left out.
		expect(notPassed.map((c) => `${c.id}:${c.code}`)).toEqual([
			'transport.ho.tls:tls_plain_http',
			'ho.companies.paging:paging_too_few',
			'transport.ho.cors:cors_no_origin'
		]);
		expect(report.ok).toBe(true);
		expect(r.code).toBe(0);
		const byId = new Map(report.checks.map((c) => [c.id, c]));
		expect(byId.get('ho.photos.status')?.code).toBe('ok_dry_run');
		expect(byId.get('cloud.events')?.code).toBe('ok_stream_message');
		expect(byId.get('cloud.push')?.code).toBe('ok_written');
		expect(byId.get('cloud.batch')?.code).toBe('ok_written');
		for (const e of ['brands', 'stores', 'categories', 'products', 'modifiers'])
			expect(byId.get(`ho.${e}.paging`)?.code, e).toBe('ok_paging');
	});

	it('names every fault of the broken server in words and exits 1', async () => {
		const r = await doctor(args(proxy.url));
		const out = r.stdout;
		expect(r.code).toBe(1);
		expect(line(out, 'GET /api/sync/categories/')).toContain(`✗ GET /api/sync/categories/`);
		expect(line(out, 'GET /api/sync/categories/')).toContain(`500: server error, body: `);
		expect(line(out, 'GET /api/sync/categories/')).toContain(CATEGORIES_500_DETAIL);
		expect(line(out, 'GET /api/sync/products/')).toContain('✗ GET /api/sync/products/');
		expect(line(out, 'GET /api/sync/products/')).toContain(
			'400: the server rejects `company_id` — it expects `store_id` (store_id is required)'
		);
		expect(line(out, 'GET /api/sync/modifiers/')).toContain('404: endpoint missing');
		expect(line(out, 'GET /api/v1/sync/product-photos/')).toContain(
			'200 but `photos[2].size` is a string, the contract says number'
		);
		expect(line(out, 'GET /api/sync/stores/ paging')).toContain(
			'page 2 repeats 1 rows of page 1: the checkpoint does not advance'
		);
		expect(line(out, 'GET /api/v1/sync/product-photos/{id}/download/')).toContain(
			`X-Checksum ${WRONG_CHECKSUM} is not the MD5 of the bytes`
		);
		expect(line(out, 'Date')).toMatch(
			/✗ Date .* the server clock is (9\.\d|10\.\d) min ahead of this device: it breaks checkpoints and token expiry/
		);
		// What the proxy leaves alone still passes.
		expect(line(out, 'GET /api/sync/companies/')).toMatch(/^✓ /);
		expect(line(out, 'GET /api/sync/brands/')).toMatch(/^✓ /);
		expect(line(out, 'GET /api/v1/outlets/{id}/events')).toMatch(/^✓ /);
		expect(out).toContain('7 required checks failed');
	});

	it('says the same in Indonesian', async () => {
		const r = await doctor(args(proxy.url, '--lang', 'id'));
		expect(line(r.stdout, 'GET /api/sync/modifiers/')).toContain('404: endpoint tidak ada');
		expect(line(r.stdout, 'GET /api/sync/stores/ paging')).toContain(
			'halaman 2 mengulang 1 baris dari halaman 1: checkpoint tidak maju'
		);
	});

	it('skips the status report, sending nothing, when the server offers no dry run', async () => {
		const plain = await startBreakingProxy(server.url, ['noDryRun']);
		try {
			const r = await doctor(args(plain.url));
			expect(line(r.stdout, 'POST /api/v1/sync/product-photos/status/?dry_run=true')).toContain(
				'– POST /api/v1/sync/product-photos/status/?dry_run=true'
			);
			expect(line(r.stdout, 'POST /api/v1/sync/product-photos/status/?dry_run=true')).toContain(
				'skipped: the server offers no dry-run form (?dry_run=true), so nothing was written'
			);
			expect(plain.requests.filter((x) => x.startsWith('POST /api/v1/sync/product-photos/status'))).toEqual(
				[]
			);
			expect(r.code).toBe(0);
		} finally {
			await plain.close();
		}
	});

	it('says when the outlet is not among the HO stores, and exits 1', async () => {
		const r = await doctor(args(server.url).map((a) => (a === 'JKT-001' ? 'NOPE-999' : a)));
		expect(line(r.stdout, 'GET /api/v1/outlets/{id}/sync/status')).toContain(
			'✗ GET /api/v1/outlets/{id}/sync/status'
		);
		expect(line(r.stdout, 'GET /api/v1/outlets/{id}/sync/status')).toContain(
			'not run: outlet NOPE-999 is not among the HO stores (check --outlet)'
		);
		expect(r.code).toBe(1);
	});

	it('rejects a bad address with exit code 2', async () => {
		const r = await doctor(['--ho', 'ftp://x', '--user', 'a', '--password', 'b']);
		expect(r.code).toBe(2);
		expect(r.stderr).toContain('--ho must be an http:// or https:// address');
	});
});

describe('POST /api/v1/sync/product-photos/status/?dry_run=true (extension)', () => {
	it('validates and says what it would store, storing nothing', async () => {
		const s = await session(server);
		const list = await call(server, `/api/v1/sync/product-photos/?store_id=${s.jktStoreId}&limit=1`, {
			token: s.token
		});
		const photoId = (list.body.data?.photos as { id: string }[])[0]?.id;
		if (!photoId) throw new Error('no photo');
		const report = {
			store_id: s.jktStoreId,
			sync_batch: [{ photo_id: photoId, status: 'synced', synced_at: new Date().toISOString() }]
		};
		const dry = async () => {
			const r = await call(server, '/api/v1/sync/product-photos/status/?dry_run=true', {
				method: 'POST',
				token: s.token,
				json: report
			});
			expect(r.status).toBe(200);
			return StatusDryRunResponse.parse(r.body);
		};
		expect(await dry()).toMatchObject({ dry_run: true, would_insert: 1, would_update: 0 });
		// Still nothing stored after a dry run.
		expect(await dry()).toMatchObject({ would_insert: 1, would_update: 0 });
		const real = await call(server, '/api/v1/sync/product-photos/status/', {
			method: 'POST',
			token: s.token,
			json: report
		});
		expect(real.status).toBe(200);
		expect(real.body.dry_run).toBeUndefined();
		expect(await dry()).toMatchObject({ would_insert: 0, would_update: 1 });
		const bad = await call(server, '/api/v1/sync/product-photos/status/?dry_run=true', {
			method: 'POST',
			token: s.token,
			json: { store_id: s.jktStoreId, sync_batch: [] }
		});
		expect(bad.status).toBe(400);
	});
});
