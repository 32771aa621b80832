// Row writers shared by the demo seed and the catalogue scaler (`npm run seed`).
import { createHash } from 'node:crypto';
import type { Queryable } from '../db/types.ts';
import { productPicture } from './png.ts';

export interface ProductRow {
	id: string;
	companyId: string;
	brandId: string | null;
	categoryId: string;
	sku: string;
	name: string;
	description: string;
	price: number;
	stock: number | null;
	destination: 'kitchen' | 'bar';
	modifierGroupIds: string[];
}

export interface PhotoRow {
	id: string;
	productId: string;
	filename: string;
	bytes: Buffer;
}

export const md5 = (b: Uint8Array) => createHash('md5').update(b).digest('hex');

export const slug = (s: string) =>
	s
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '');

/** The generated primary photo of a product (a PNG that differs per name and variant). */
export function makePhoto(id: string, productId: string, name: string, variant = 0): PhotoRow {
	return { id, productId, filename: `${slug(name)}.png`, bytes: productPicture(name, variant) };
}

/** Inserts products in batches with one statement each (unnest), so 10 000 rows take seconds. */
export async function insertProducts(q: Queryable, rows: ProductRow[], batch = 1000): Promise<void> {
	for (let i = 0; i < rows.length; i += batch) {
		const part = rows.slice(i, i + batch);
		await q.query(
			`insert into products (id, company_id, brand_id, category_id, sku, name, description, price, stock, destination, modifier_group_ids)
			 select p.id, p.company_id, p.brand_id, p.category_id, p.sku, p.name, p.description, p.price, p.stock, p.destination,
			        array(select jsonb_array_elements_text(p.mods)::uuid)
			   from jsonb_to_recordset($1::jsonb) as p(id uuid, company_id uuid, brand_id uuid, category_id uuid, sku text,
			        name text, description text, price bigint, stock int, destination text, mods jsonb)`,
			[
				JSON.stringify(
					part.map((r) => ({
						id: r.id,
						company_id: r.companyId,
						brand_id: r.brandId,
						category_id: r.categoryId,
						sku: r.sku,
						name: r.name,
						description: r.description,
						price: r.price,
						stock: r.stock,
						destination: r.destination,
						mods: r.modifierGroupIds
					}))
				)
			]
		);
	}
}

/** Inserts photos one statement per row: the bytes travel as a bytea parameter. */
export async function insertPhotos(q: Queryable, rows: PhotoRow[]): Promise<void> {
	for (const r of rows) {
		await q.query(
			`insert into product_photos (id, product_id, object_key, filename, size, content_type, checksum, version, is_primary, sort_order, bytes)
			 values ($1, $2, $3, $4, $5, 'image/png', $6, 1, true, 0, $7)`,
			[
				r.id,
				r.productId,
				`products/${r.productId}/primary.png`,
				r.filename,
				r.bytes.length,
				md5(r.bytes),
				r.bytes
			]
		);
	}
}
