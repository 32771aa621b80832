// Why: HO rows (validated wire shapes) become local documents here, in one place per entity.
import type { Brand, Category, Company, Modifier, Product, Store } from '../../src/lib/contract/ho';
import type {
	BrandDoc,
	CategoryDoc,
	CompanyDoc,
	ModifierDoc,
	ProductDoc,
	StoreDoc
} from '../../src/lib/db/types';
import { brandKeyOf } from '../../src/lib/db/schemas';

export const companyDoc = (r: Company): CompanyDoc => ({
	id: r.id,
	code: r.code,
	name: r.name,
	address: r.address,
	phone: r.phone,
	is_deleted: r.is_deleted,
	updated_at: r.updated_at
});

export const brandDoc = (r: Brand): BrandDoc => ({
	id: r.id,
	company_id: r.company_id,
	code: r.code,
	name: r.name,
	is_deleted: r.is_deleted,
	updated_at: r.updated_at
});

export const storeDoc = (r: Store): StoreDoc => ({
	id: r.id,
	company_id: r.company_id,
	brand_id: r.brand_id,
	code: r.code,
	name: r.name,
	address: r.address,
	timezone: r.timezone,
	config: { ...r.config },
	table_count: r.table_count,
	is_deleted: r.is_deleted,
	updated_at: r.updated_at
});

export const categoryDoc = (r: Category): CategoryDoc => ({
	id: r.id,
	company_id: r.company_id,
	brand_id: r.brand_id,
	name: r.name,
	sort_order: r.sort_order,
	version: r.version,
	is_deleted: r.is_deleted,
	updated_at: r.updated_at
});

/** `photo_id` is owned by the photo sync, so an existing value is kept; `brand_key` is derived here too (the HO pull writes
 * past the collection's hooks). */
export const productDoc = (r: Product, photoId: string | null): ProductDoc => ({
	id: r.id,
	company_id: r.company_id,
	brand_id: r.brand_id,
	category_id: r.category_id,
	sku: r.sku,
	name: r.name,
	name_lower: r.name.toLowerCase().slice(0, 200),
	brand_key: brandKeyOf(r.brand_id),
	description: r.description,
	price: r.price,
	stock: r.stock,
	destination: r.destination,
	is_available: r.is_available,
	modifier_group_ids: r.modifier_group_ids,
	version: r.version,
	is_deleted: r.is_deleted,
	photo_id: photoId,
	updated_at: r.updated_at
});

export const modifierDoc = (r: Modifier): ModifierDoc => ({
	id: r.id,
	company_id: r.company_id,
	name: r.name,
	min_select: r.min_select,
	max_select: r.max_select,
	is_required: r.is_required,
	options: r.options.map((o) => ({ id: o.id, name: o.name, price: o.price })),
	sort_order: r.sort_order,
	is_deleted: r.is_deleted,
	updated_at: r.updated_at
});
