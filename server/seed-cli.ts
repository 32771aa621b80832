// `npm run seed -- --products 10000 [--photos]`: grows the demo catalogue for benchmarks.
// Uses DATABASE_URL / DATA_DIR like the server; stop a server running on the same PGlite directory first.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { migrate } from './db/migrations.ts';
import { openDb } from './db/open.ts';
import { CATEGORIES } from './seed/catalogue.ts';
import { demoBrandId, demoCategoryId, demoCompanyId, demoModifierId, seedDemo } from './seed/demo.ts';
import { demoId } from './seed/ids.ts';
import { insertPhotos, insertProducts, makePhoto, type ProductRow } from './seed/insert.ts';

const VARIANTS = [
	'Original',
	'Pedas',
	'Jumbo',
	'Mini',
	'Spesial',
	'Komplit',
	'Keju',
	'Telur',
	'Padang',
	'Medan',
	'Bali',
	'Jawa',
	'Betawi',
	'Manado'
];

const { values } = parseArgs({
	options: { products: { type: 'string', default: '1000' }, photos: { type: 'boolean', default: false } },
	allowPositionals: false
});
const target = Number(values.products);
if (!Number.isInteger(target) || target < 0 || target > 1_000_000) {
	process.stderr.write('--products must be an integer between 0 and 1000000\n');
	process.exit(2);
}

const db = await openDb({
	databaseUrl: process.env.DATABASE_URL || undefined,
	dataDir: resolve(process.env.DATA_DIR ?? './data')
});
await migrate(db);
await seedDemo(db);
const started = performance.now();
const { rows } = await db.query<{ n: number }>(
	`select count(*)::int as n from products where company_id = $1 and sku like 'GEN-%'`,
	[demoCompanyId]
);
const have = rows[0]?.n ?? 0;
const rowsToAdd: ProductRow[] = [];
for (let i = have + 1; i <= target; i++) {
	const c = CATEGORIES[i % CATEGORIES.length];
	if (!c) continue;
	const base = c.items[Math.floor(i / CATEGORIES.length) % c.items.length];
	if (!base) continue;
	const sku = `GEN-${String(i).padStart(6, '0')}`;
	rowsToAdd.push({
		id: demoId(`product:${sku}`),
		companyId: demoCompanyId,
		brandId: c.brand ? demoBrandId(c.brand) : null,
		categoryId: demoCategoryId(c.key),
		sku,
		name: `${base[0]} ${VARIANTS[i % VARIANTS.length]} ${i}`,
		description: `Generated for benchmarks (${c.name})`,
		price: base[1] + (i % 7) * 1000,
		stock: i % 5 === 0 ? 50 + (i % 50) : null,
		destination: c.destination,
		modifierGroupIds: c.modifiers.map(demoModifierId)
	});
}
await db.tx(async (q) => {
	await insertProducts(q, rowsToAdd);
	if (values.photos)
		await insertPhotos(
			q,
			rowsToAdd.map((p) => makePhoto(demoId(`photo:${p.sku}`), p.id, p.name))
		);
});
const ms = Math.round(performance.now() - started);
process.stdout.write(
	`Added ${rowsToAdd.length} generated products${values.photos ? ' with photos' : ''} (now ${Math.max(have, target)} generated) in ${ms} ms on ${db.kind}\n`
);
await db.close();
