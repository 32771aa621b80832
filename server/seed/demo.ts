// Demo data on first start: "Nusantara Rasa Group" (and a small second company for isolation tests).
import { hashApiKey, hashPassword } from '../auth.ts';
import type { Db, Queryable } from '../db/types.ts';
import { BRANDS, CATEGORIES, COMPANY, MODIFIERS, STORES, SYNC_INTERVALS } from './catalogue.ts';
import { demoId } from './ids.ts';
import { insertPhotos, insertProducts, makePhoto, type PhotoRow, type ProductRow } from './insert.ts';

export interface DemoInfo {
	username: string;
	password: string;
	outletCode: string;
	outletId: string;
	apiKey: string;
}

export const DEMO_USERNAME = 'demo';
export const DEMO_PASSWORD = 'demo1234';
export const demoCompanyId = demoId('company:NRG');
export const demoBrandId = (code: string) => demoId(`brand:${code}`);
export const demoStoreId = (code: string) => demoId(`store:${code}`);
export const demoCategoryId = (key: string) => demoId(`category:${key}`);
export const demoModifierId = (key: string) => demoId(`modifier:${key}`);
export const demoProductId = (sku: string) => demoId(`product:${sku}`);
export const demoPhotoId = (sku: string) => demoId(`photo:${sku}`);

/** A second, smaller company: its user and outlet exist so tests can prove tenants stay apart. */
export const OTHER = {
	companyId: demoId('company:DL'),
	brandId: demoId('brand:DL'),
	storeId: demoStoreId('MLG-001'),
	storeCode: 'MLG-001',
	apiKey: 'demo-key-mlg-001',
	username: 'lestari',
	password: 'lestari1234',
	categoryId: demoId('category:dl-roti')
};

const INFO: DemoInfo = {
	username: DEMO_USERNAME,
	password: DEMO_PASSWORD,
	outletCode: 'JKT-001',
	outletId: demoStoreId('JKT-001'),
	apiKey: 'demo-key-jkt-001'
};

export function storeConfig() {
	return {
		tax_rate: 10,
		service_rate: 5,
		receipt_footer: 'Terima kasih atas kunjungan Anda',
		sync_intervals: SYNC_INTERVALS
	};
}

/** Creates the demo data once (one transaction, under a lock so two processes cannot both seed). */
export async function seedDemo(db: Db): Promise<DemoInfo> {
	await db.tx(async (q) => {
		await q.query('select pg_advisory_xact_lock(7232)');
		const { rows } = await q.query('select 1 from companies where id = $1', [demoCompanyId]);
		if (rows.length) return;
		await seedNusantara(q);
		await seedOther(q);
	});
	return INFO;
}

async function seedNusantara(q: Queryable): Promise<void> {
	await q.query('insert into companies (id, code, name, address, phone) values ($1, $2, $3, $4, $5)', [
		demoCompanyId,
		COMPANY.code,
		COMPANY.name,
		COMPANY.address,
		COMPANY.phone
	]);
	for (const b of BRANDS) {
		await q.query('insert into brands (id, company_id, code, name) values ($1, $2, $3, $4)', [
			demoBrandId(b.code),
			demoCompanyId,
			b.code,
			b.name
		]);
	}
	for (const s of STORES) {
		await q.query(
			`insert into stores (id, company_id, brand_id, code, name, address, timezone, api_key_hash, config, table_count)
			 values ($1, $2, $3, $4, $5, $6, $7, $8, $9, 12)`,
			[
				demoStoreId(s.code),
				demoCompanyId,
				demoBrandId(s.brand),
				s.code,
				s.name,
				s.address,
				'Asia/Jakarta',
				hashApiKey(s.apiKey),
				JSON.stringify(storeConfig())
			]
		);
	}
	for (const [i, m] of MODIFIERS.entries()) {
		const options = m.options.map((o, j) => ({
			id: demoId(`modifier-option:${m.key}:${j}`),
			name: o.name,
			price: o.price,
			is_default: m.required && j === 0,
			sort_order: j
		}));
		await q.query(
			`insert into modifiers (id, company_id, name, min_select, max_select, is_required, options, sort_order)
			 values ($1, $2, $3, $4, $5, $6, $7, $8)`,
			[demoModifierId(m.key), demoCompanyId, m.name, m.min, m.max, m.required, JSON.stringify(options), i]
		);
	}
	const products: ProductRow[] = [];
	const photos: PhotoRow[] = [];
	for (const [i, c] of CATEGORIES.entries()) {
		await q.query(
			'insert into categories (id, company_id, brand_id, name, sort_order) values ($1, $2, $3, $4, $5)',
			[demoCategoryId(c.key), demoCompanyId, c.brand ? demoBrandId(c.brand) : null, c.name, i]
		);
		for (const [j, [name, price, stock]] of c.items.entries()) {
			const sku = `${c.skuPrefix}-${String(j + 1).padStart(3, '0')}`;
			const id = demoProductId(sku);
			products.push({
				id,
				companyId: demoCompanyId,
				brandId: c.brand ? demoBrandId(c.brand) : null,
				categoryId: demoCategoryId(c.key),
				sku,
				name,
				description: `${name}, menu ${c.name.toLowerCase()} ${COMPANY.name}`,
				price,
				stock,
				destination: c.destination,
				modifierGroupIds: c.modifiers.map(demoModifierId)
			});
			photos.push(makePhoto(demoPhotoId(sku), id, name));
		}
	}
	await insertProducts(q, products);
	await insertPhotos(q, photos);
	await q.query(
		'insert into users (id, company_id, username, password_hash, full_name, role) values ($1, $2, $3, $4, $5, $6)',
		[
			demoId('user:demo'),
			demoCompanyId,
			DEMO_USERNAME,
			hashPassword(DEMO_PASSWORD),
			'Demo Manager',
			'manager'
		]
	);
}

async function seedOther(q: Queryable): Promise<void> {
	const o = OTHER;
	await q.query('insert into companies (id, code, name, address, phone) values ($1, $2, $3, $4, $5)', [
		o.companyId,
		'DL',
		'Dapur Lestari',
		'Jl. Ijen No. 12, Malang',
		'+62 341 550 123'
	]);
	await q.query('insert into brands (id, company_id, code, name) values ($1, $2, $3, $4)', [
		o.brandId,
		o.companyId,
		'DL',
		'Roti Lestari'
	]);
	await q.query(
		`insert into stores (id, company_id, brand_id, code, name, address, api_key_hash, config)
		 values ($1, $2, $3, $4, $5, $6, $7, $8)`,
		[
			o.storeId,
			o.companyId,
			o.brandId,
			o.storeCode,
			'Roti Lestari Malang Ijen',
			'Jl. Ijen No. 12, Malang',
			hashApiKey(o.apiKey),
			JSON.stringify(storeConfig())
		]
	);
	await q.query('insert into categories (id, company_id, brand_id, name) values ($1, $2, $3, $4)', [
		o.categoryId,
		o.companyId,
		o.brandId,
		'Roti'
	]);
	const items: [string, number][] = [
		['Roti Sobek Coklat', 18000],
		['Roti Abon Sapi', 15000],
		['Bolu Pandan', 45000]
	];
	const products = items.map(([name, price], i): ProductRow => ({
		id: demoId(`product:DL-${i + 1}`),
		companyId: o.companyId,
		brandId: o.brandId,
		categoryId: o.categoryId,
		sku: `RTI-${String(i + 1).padStart(3, '0')}`,
		name,
		description: '',
		price,
		stock: 20,
		destination: 'kitchen',
		modifierGroupIds: []
	}));
	await insertProducts(q, products);
	await insertPhotos(
		q,
		products.map((p) => makePhoto(demoId(`photo:${p.sku}:DL`), p.id, p.name))
	);
	await q.query(
		'insert into users (id, company_id, username, password_hash, full_name) values ($1, $2, $3, $4, $5)',
		[demoId('user:lestari'), o.companyId, o.username, hashPassword(o.password), 'Manajer Lestari']
	);
}
