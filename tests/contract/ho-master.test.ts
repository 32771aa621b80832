// HO master-data sync (seed 000) over real HTTP: envelopes, demo content, paging, every 400/403/404.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MASTER_ENTITIES, MASTER_PAGES } from '../../src/lib/contract/ho.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { call, login, pullAll, session, type Session } from './ho-helpers.ts';

let server: TestServer;
let s: Session;
beforeAll(async () => {
	server = await startServer();
	s = await session(server);
});
afterAll(async () => {
	await server?.stop();
});

describe('master sync envelopes and content', () => {
	it('every endpoint answers the success envelope its contract schema accepts', async () => {
		for (const entity of MASTER_ENTITIES) {
			const r = await call(server, `/api/sync/${entity}/?company_id=${s.companyId}`, { token: s.token });
			expect(r.status, entity).toBe(200);
			expect(r.headers.get('content-type')).toMatch(/application\/json/);
			const parsed = MASTER_PAGES[entity].safeParse(r.body);
			expect(parsed.success, `${entity}: ${JSON.stringify(parsed.error?.issues?.slice(0, 2))}`).toBe(true);
			const data = r.body.data as Record<string, unknown>;
			expect(Object.keys(data).sort()).toEqual(['checkpoint', 'has_more', entity].sort());
			expect(data.checkpoint).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
		}
	});

	it('also answers without the trailing slash', async () => {
		const r = await call(server, `/api/sync/brands?company_id=${s.companyId}`, { token: s.token });
		expect(r.status).toBe(200);
		expect((r.body.data?.brands as unknown[]).length).toBeGreaterThanOrEqual(2);
	});

	it('companies: the token’s company only, Nusantara Rasa Group', async () => {
		const r = await call(server, '/api/sync/companies/', { token: s.token });
		const companies = r.body.data?.companies as { id: string; name: string }[];
		expect(companies).toHaveLength(1);
		expect(companies[0]?.name).toBe('Nusantara Rasa Group');
		const again = await call(server, `/api/sync/companies/?company_id=${s.companyId}`, { token: s.token });
		expect(again.body.data?.companies).toEqual(companies);
	});

	it('brands and stores: two brands, at least three stores including JKT-001 with its config', async () => {
		const brands = (await pullAll(server, s.token, 'brands', s.companyId)).rows;
		expect(brands.map((b) => b.name)).toEqual(expect.arrayContaining(['Warung Nusantara', 'Kopi Rasa']));
		const stores = (await pullAll(server, s.token, 'stores', s.companyId)).rows;
		expect(stores.length).toBeGreaterThanOrEqual(3);
		expect(stores.map((x) => x.code)).toEqual(expect.arrayContaining(['JKT-001', 'BDG-001', 'SBY-001']));
		const jkt = stores.find((x) => x.code === 'JKT-001');
		expect(jkt?.config).toMatchObject({
			tax_rate: 10,
			service_rate: 5,
			receipt_footer: 'Terima kasih atas kunjungan Anda'
		});
		expect(jkt?.table_count).toBe(12);
		expect(stores.every((x) => brands.some((b) => b.id === x.brand_id))).toBe(true);
	});

	it('categories, modifiers and products: a realistic IDR menu that references itself consistently', async () => {
		const categories = (await pullAll(server, s.token, 'categories', s.companyId)).rows;
		expect(categories.length).toBeGreaterThanOrEqual(10);
		expect(categories.map((c) => c.name)).toEqual(
			expect.arrayContaining(['Makanan Utama', 'Kopi', 'Minuman Dingin', 'Dessert'])
		);
		const modifiers = (await pullAll(server, s.token, 'modifiers', s.companyId)).rows;
		const pedas = modifiers.find((m) => m.name === 'Level Pedas');
		expect(pedas).toMatchObject({ is_required: true, min_select: 1, max_select: 1 });
		expect((pedas?.options as unknown[]).length).toBe(6);
		const topping = modifiers.find((m) => m.name === 'Topping');
		expect(topping?.is_required).toBe(false);
		expect(
			(topping?.options as { price: number }[]).every((o) => Number.isInteger(o.price) && o.price > 0)
		).toBe(true);
		expect(modifiers.map((m) => m.name)).toEqual(expect.arrayContaining(['Tingkat Gula', 'Ukuran']));

		const products = (await pullAll(server, s.token, 'products', s.companyId)).rows;
		expect(products.length).toBeGreaterThanOrEqual(75);
		expect(products.length).toBeLessThanOrEqual(100);
		const byName = new Map(products.map((p) => [p.name, p]));
		expect(byName.get('Nasi Goreng Spesial')?.price).toBe(35000);
		expect(byName.get('Es Teh Manis')?.price).toBe(8000);
		expect(byName.get('Kopi Susu Gula Aren')).toMatchObject({ price: 22000, destination: 'bar' });
		expect(new Set(products.map((p) => p.sku)).size).toBe(products.length);
		const catIds = new Set(categories.map((c) => c.id));
		const modIds = new Set(modifiers.map((m) => m.id));
		for (const p of products) {
			expect(Number.isInteger(p.price)).toBe(true);
			expect(catIds.has(String(p.category_id))).toBe(true);
			for (const m of p.modifier_group_ids as string[]) expect(modIds.has(m)).toBe(true);
			expect(p.is_deleted).toBe(false);
			expect(p.version).toBe(1);
		}
		expect(products.some((p) => typeof p.stock === 'number')).toBe(true);
		expect(products.some((p) => p.stock === null)).toBe(true);
	});

	it('answers the same ids after a restart (deterministic, idempotent seed)', async () => {
		const before = (await pullAll(server, s.token, 'products', s.companyId)).rows.map((p) => p.id).sort();
		await server.restart();
		const token = (await login(server)).access;
		const after = (await pullAll(server, token, 'products', s.companyId)).rows.map((p) => p.id).sort();
		expect(after).toEqual(before);
		s = { ...s, token };
	});
});

describe('paging by checkpoint', () => {
	it('pages of 7 add up to the full set: nothing skipped, nothing repeated, in change order', async () => {
		const full = await pullAll(server, s.token, 'products', s.companyId, { limit: 1000 });
		const paged = await pullAll(server, s.token, 'products', s.companyId, { limit: 7 });
		expect(paged.pages).toBe(Math.ceil(full.rows.length / 7) + (full.rows.length % 7 === 0 ? 1 : 0));
		expect(paged.rows.map((p) => p.id)).toEqual(full.rows.map((p) => p.id));
		expect(new Set(paged.rows.map((p) => p.id)).size).toBe(paged.rows.length);
		expect(paged.checkpoint).toBe(full.checkpoint);
	});

	it('has_more is true on full pages and an empty page returns the since it was given', async () => {
		const first = await call(server, `/api/sync/products/?company_id=${s.companyId}&limit=5`, {
			token: s.token
		});
		expect(first.body.data?.has_more).toBe(true);
		expect(first.body.data?.products as unknown[]).toHaveLength(5);
		const { checkpoint } = await pullAll(server, s.token, 'products', s.companyId);
		const empty = await call(
			server,
			`/api/sync/products/?company_id=${s.companyId}&since=${encodeURIComponent(String(checkpoint))}`,
			{
				token: s.token
			}
		);
		expect(empty.status).toBe(200);
		expect(empty.body.data).toEqual({ products: [], checkpoint, has_more: false });
	});

	it('defaults limit to 500 and accepts 1000', async () => {
		const r = await call(server, `/api/sync/products/?company_id=${s.companyId}&limit=1000`, {
			token: s.token
		});
		expect(r.status).toBe(200);
		expect(r.body.data?.has_more).toBe(false);
	});
});

describe('errors: named parameters, never a 500', () => {
	const expectError = async (path: string, status: number, message: string | RegExp, token = s.token) => {
		const r = await call(server, path, { token });
		expect(r.status, path).toBe(status);
		expect(r.body.status).toBe('error');
		if (typeof message === 'string') expect(r.body.message, path).toBe(message);
		else expect(r.body.message, path).toMatch(message);
	};

	it('400 "company_id is required" on every endpoint but companies', async () => {
		for (const entity of MASTER_ENTITIES.filter((e) => e !== 'companies'))
			await expectError(`/api/sync/${entity}/`, 400, 'company_id is required');
	});

	it('400 for a malformed company_id, since or limit, naming the parameter', async () => {
		const c = s.companyId;
		await expectError('/api/sync/products/?company_id=abc', 400, 'company_id must be a valid UUID');
		await expectError('/api/sync/products/?company_id=', 400, 'company_id must be a valid UUID');
		await expectError(`/api/sync/products/?company_id=${c}&since=yesterday`, 400, /^since /);
		await expectError(`/api/sync/products/?company_id=${c}&since=0000-01-01T00:00:00Z`, 400, /^since /);
		await expectError(`/api/sync/products/?company_id=${c}&since=2026-13-45T99:00:00Z`, 400, /^since /);
		for (const limit of ['0', '-1', '1001', '99999999999999999999', 'abc', '1.5', ''])
			await expectError(
				`/api/sync/categories/?company_id=${c}&limit=${limit}`,
				400,
				'limit must be an integer between 1 and 1000'
			);
		await expectError('/api/sync/companies/?company_id=nope', 400, 'company_id must be a valid UUID');
	});

	it('404 "Company not found" for an unknown company, 403 for another company', async () => {
		await expectError(
			'/api/sync/products/?company_id=00000000-0000-4000-8000-000000000000',
			404,
			'Company not found'
		);
		await expectError(
			'/api/sync/companies/?company_id=00000000-0000-4000-8000-000000000000',
			404,
			'Company not found'
		);
		const other = await login(server, 'lestari', 'lestari1234');
		const otherCompany = (
			(await call(server, '/api/sync/companies/', { token: other.access })).body.data?.companies as {
				id: string;
			}[]
		)[0];
		expect(otherCompany?.id).not.toBe(s.companyId);
		await expectError(`/api/sync/products/?company_id=${otherCompany?.id}`, 403, /access/);
		await expectError(`/api/sync/products/?company_id=${s.companyId}`, 403, /access/, other.access);
	});

	it('garbage in odd places still answers 4xx', async () => {
		const c = s.companyId;
		for (const q of [
			`company_id=${c}&since=${'9'.repeat(5000)}`,
			`company_id=${c}%00`,
			`company_id=${c}&limit=1e3`,
			`company_id=${c}&since=2026-02-03T10:00:00Z'--`,
			`company_id[]=${c}`
		]) {
			const r = await call(server, `/api/sync/products/?${q}`, { token: s.token });
			expect(r.status, q).toBeGreaterThanOrEqual(400);
			expect(r.status, q).toBeLessThan(500);
		}
	});
});
