// Wire schemas of the head-office (HO) API (seeds 000 and 002), shared by the server, the worker and tests.
import { z } from 'zod';
import { isIsoTimestamp } from './safe';
import { DESTINATIONS, DISCOUNT_KINDS, MASTER_ENTITIES, STAFF_ROLES, type MasterEntity } from './values';

// No /i flag: the pattern is copied into the OpenAPI document, where flags do not exist.
const UUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export { DESTINATIONS, DISCOUNT_KINDS, STAFF_ROLES };
/** Where an item is prepared (the ticket's printer). */
export const Destination = z.enum(DESTINATIONS);
export type Destination = (typeof DESTINATIONS)[number];

export const isUuid = (s: string) => UUID_RE.test(s);
export { isIsoTimestamp };

/** Messages start with "must"/"is" so the server prefixes the parameter's name: "limit must be …". */
export const uuidString = () => z.string().regex(UUID_RE, 'must be a valid UUID');
export const isoTimestamp = () =>
	z.string().refine(isIsoTimestamp, 'must be an ISO 8601 timestamp such as 2026-02-03T10:00:00Z');
const intParam = (min: number, max: number, def: number) =>
	z
		.string()
		.regex(/^\d{1,9}$/, `must be an integer between ${min} and ${max}`)
		.transform(Number)
		.pipe(
			z
				.number()
				.int()
				.min(min, `must be an integer between ${min} and ${max}`)
				.max(max, `must be an integer between ${min} and ${max}`)
		)
		.optional()
		.transform((v) => v ?? def);

// ---------- envelopes ----------

export const HoErrorBody = z
	.object({ status: z.literal('error'), message: z.string(), detail: z.string().optional() })
	.meta({ id: 'HoError' });
export type HoErrorBody = z.infer<typeof HoErrorBody>;

const success = <T extends z.ZodType>(data: T) => z.object({ status: z.literal('success'), data });

// ---------- auth ----------

export const LoginRequest = z
	.object({
		username: z.string().min(1, 'is required').max(150),
		password: z.string().min(1, 'is required').max(1024)
	})
	.meta({ id: 'HoLoginRequest' });
export const TokenPair = z
	.object({
		access: z.string(),
		refresh: z.string(),
		user: z
			.object({ id: z.string(), username: z.string(), full_name: z.string(), company_id: z.string() })
			.optional()
	})
	.meta({ id: 'HoTokenPair' });
export const RefreshRequest = z
	.object({ refresh: z.string().min(1, 'is required') })
	.meta({ id: 'HoRefreshRequest' });
export const RefreshResponse = z
	.object({ access: z.string(), refresh: z.string() })
	.meta({ id: 'HoRefreshResponse' });
export type TokenPair = z.infer<typeof TokenPair>;

// ---------- master data sync (seed 000) ----------

export const MasterQuery = z.object({
	company_id: uuidString(),
	since: z
		.string()
		.max(64)
		.refine(isIsoTimestamp, 'must be a checkpoint returned by a previous page')
		.optional(),
	limit: intParam(1, 1000, 500)
});
export const CompaniesQuery = MasterQuery.extend({ company_id: uuidString().optional() });
export type MasterQuery = z.output<typeof MasterQuery>;

const ts = z.string().meta({ description: 'ISO 8601 timestamp, UTC, microseconds' });
const tombstone = { is_deleted: z.boolean(), created_at: ts, updated_at: ts };

export const Company = z
	.object({
		id: z.string(),
		code: z.string(),
		name: z.string(),
		address: z.string(),
		phone: z.string(),
		...tombstone
	})
	.meta({ id: 'HoCompany' });
export const Brand = z
	.object({ id: z.string(), company_id: z.string(), code: z.string(), name: z.string(), ...tombstone })
	.meta({ id: 'HoBrand' });

/** A person of the outlet; only the PIN's PBKDF2 hash is configured, never the digits. */
export const StaffConfig = z
	.object({
		id: z.string().min(1).max(64),
		name: z.string().min(1).max(100),
		role: z.enum(STAFF_ROLES),
		pin_hash: z
			.string()
			.max(200)
			.regex(
				/^pbkdf2\$\d{4,7}\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/,
				'must be pbkdf2$<iterations>$<salt>$<hash>'
			)
			.meta({
				description: 'PBKDF2-SHA-256 of the PIN: pbkdf2$<iterations>$<salt base64>$<32-byte hash base64>'
			})
	})
	.meta({ id: 'HoStaff' });
export const DiscountPresetConfig = z
	.object({
		id: z.string().min(1).max(64),
		name: z.string().min(1).max(100),
		kind: z.enum(DISCOUNT_KINDS),
		value: z.number().positive().meta({ description: 'percent (0 < v <= 100) or whole rupiah' }),
		scope: z.enum(['line', 'order', 'both']).optional()
	})
	.meta({ id: 'HoDiscountPreset' });
export const StoreConfig = z
	.object({
		tax_rate: z.number().min(0).max(100),
		service_rate: z.number().min(0).max(100),
		receipt_footer: z.string().max(500),
		/** The outlet's static QRIS (EMVCo merchant-presented payload); the till adds the amount per sale. */
		qris_payload: z.string().max(512),
		sync_intervals: z.record(z.string(), z.number().nonnegative()),
		/** Extension (docs/till.md): the people who sign in on the outlet's tills, each with a role and a PIN hash. */
		staff: z.array(StaffConfig).max(500),
		/** Extension: the discounts the outlet offers by name (no PIN needed). */
		discounts: z.array(DiscountPresetConfig).max(200),
		/** Extension: an ad-hoc discount above this percent of what it applies to needs a supervisor's PIN (default 10). */
		discount_limit_percent: z.number().min(0).max(100)
	})
	.meta({ id: 'HoStoreConfig' });
export type StoreConfig = z.infer<typeof StoreConfig>;
export const Store = z
	.object({
		id: z.string(),
		company_id: z.string(),
		brand_id: z.string(),
		code: z.string(),
		name: z.string(),
		address: z.string(),
		timezone: z.string(),
		config: StoreConfig.partial().catchall(z.unknown()),
		table_count: z.number().int(),
		...tombstone
	})
	.meta({ id: 'HoStore' });
export const Category = z
	.object({
		id: z.string(),
		company_id: z.string(),
		brand_id: z.string().nullable(),
		name: z.string(),
		sort_order: z.number().int(),
		version: z.number().int(),
		...tombstone
	})
	.meta({ id: 'HoCategory' });
export const Product = z
	.object({
		id: z.string(),
		company_id: z.string(),
		brand_id: z.string().nullable(),
		category_id: z.string(),
		sku: z.string(),
		name: z.string(),
		description: z.string(),
		price: z.number().int().nonnegative().meta({ description: 'Integer rupiah' }),
		stock: z.number().int().nullable().meta({ description: 'null: not stock-tracked' }),
		destination: Destination,
		is_available: z.boolean(),
		modifier_group_ids: z.array(z.string()),
		version: z.number().int(),
		deleted_at: ts.nullable(),
		...tombstone
	})
	.meta({ id: 'HoProduct' });
export const ModifierOption = z
	.object({
		id: z.string(),
		name: z.string(),
		price: z.number().int(),
		is_default: z.boolean(),
		sort_order: z.number().int()
	})
	.meta({ id: 'HoModifierOption' });
export const Modifier = z
	.object({
		id: z.string(),
		company_id: z.string(),
		name: z.string(),
		min_select: z.number().int(),
		max_select: z.number().int(),
		is_required: z.boolean(),
		options: z.array(ModifierOption),
		sort_order: z.number().int(),
		...tombstone
	})
	.meta({ id: 'HoModifier' });
export type Company = z.infer<typeof Company>;
export type Brand = z.infer<typeof Brand>;
export type Store = z.infer<typeof Store>;
export type Category = z.infer<typeof Category>;
export type Product = z.infer<typeof Product>;
export type Modifier = z.infer<typeof Modifier>;

/**
 * One page of a master sync. `checkpoint` is opaque: pass it back as `since`. It is the last row's
 * change stamp, or the `since` you sent when the page is empty (null at the very start).
 */
const page = <K extends string, T extends z.ZodType>(key: K, row: T, id: string) =>
	success(
		z.object({
			[key]: z.array(row),
			checkpoint: z.string().nullable(),
			has_more: z.boolean()
		}) as z.ZodObject<
			Record<K, z.ZodArray<T>> & { checkpoint: z.ZodNullable<z.ZodString>; has_more: z.ZodBoolean }
		>
	).meta({ id });

export const CompaniesPage = page('companies', Company, 'HoCompaniesPage');
export const BrandsPage = page('brands', Brand, 'HoBrandsPage');
export const StoresPage = page('stores', Store, 'HoStoresPage');
export const CategoriesPage = page('categories', Category, 'HoCategoriesPage');
export const ProductsPage = page('products', Product, 'HoProductsPage');
export const ModifiersPage = page('modifiers', Modifier, 'HoModifiersPage');

export { MASTER_ENTITIES, type MasterEntity };

/** The page schema of each master entity (the server documents it, the doctor checks answers against it). */
export const MASTER_PAGES = {
	companies: CompaniesPage,
	brands: BrandsPage,
	stores: StoresPage,
	categories: CategoriesPage,
	products: ProductsPage,
	modifiers: ModifiersPage
} satisfies Record<MasterEntity, z.ZodType>;

// ---------- product photos (seed 002) ----------

export const PhotoListQuery = z.object({
	store_id: uuidString(),
	since: isoTimestamp().optional(),
	limit: intParam(1, 1000, 100),
	offset: intParam(0, 1_000_000_000, 0)
});
export const StoreIdQuery = z.object({ store_id: uuidString() });

/**
 * A photo row. `updated_at` is the row's change stamp (microseconds, strictly increasing in commit
 * order), so the largest `updated_at` seen is a safe next `since`. With `since`, deleted photos
 * (and photos of deleted products) come back once with `is_deleted: true` so the outlet can drop
 * its cached copy; without `since` only live photos are listed.
 */
export const Photo = z
	.object({
		id: z.string(),
		product_id: z.string(),
		product_sku: z.string(),
		product_name: z.string(),
		object_key: z.string(),
		filename: z.string(),
		size: z.number().int(),
		content_type: z.string(),
		checksum: z.string().meta({ description: 'MD5 hex of the bytes' }),
		version: z.number().int(),
		is_primary: z.boolean(),
		sort_order: z.number().int(),
		updated_at: ts,
		image_url: z.string(),
		is_deleted: z.boolean()
	})
	.meta({ id: 'HoProductPhoto' });
export type Photo = z.infer<typeof Photo>;
export const PhotoListResponse = success(
	z.object({
		photos: z.array(Photo),
		total: z.number().int(),
		has_more: z.boolean(),
		next_offset: z.number().int().nullable()
	})
).meta({ id: 'HoProductPhotoList' });
export type PhotoListResponse = z.infer<typeof PhotoListResponse>;

export const PhotoSyncItem = z.object({
	photo_id: uuidString(),
	status: z.enum(['synced', 'failed']),
	synced_at: isoTimestamp().nullable().optional(),
	error: z.string().max(2000).nullable().optional()
});
export const PhotoStatusRequest = z
	.object({
		store_id: uuidString(),
		sync_batch: z
			.array(PhotoSyncItem)
			.min(1, 'must hold at least one item')
			.max(1000, 'must hold at most 1000 items')
	})
	.meta({ id: 'HoPhotoStatusRequest' });
export type PhotoStatusRequest = z.infer<typeof PhotoStatusRequest>;
export const MessageResponse = z
	.object({ status: z.literal('success'), message: z.string() })
	.meta({ id: 'HoMessageResponse' });
/** Extension (not in seed 002): `?dry_run=true` validates a status report and says what it would store, storing nothing. */
export const StatusDryRunQuery = z.object({
	dry_run: z.enum(['true', 'false']).optional().meta({
		description:
			'Extension: validate and answer what would be stored, without storing (the connection doctor uses it)'
	})
});
export const StatusDryRunResponse = MessageResponse.extend({
	dry_run: z.literal(true),
	would_insert: z.number().int(),
	would_update: z.number().int()
}).meta({ id: 'HoPhotoStatusDryRun' });

// ---------- HQ admin actions ----------

export const ProductPatch = z
	.object({
		name: z.string().min(1).max(200).optional(),
		description: z.string().max(2000).optional(),
		price: z.number().int().nonnegative().max(1_000_000_000).optional(),
		stock: z.number().int().min(0).max(1_000_000_000).nullable().optional(),
		is_available: z.boolean().optional(),
		category_id: uuidString().optional(),
		destination: Destination.optional(),
		reason: z.string().max(500).optional()
	})
	.strict()
	.meta({ id: 'HoProductPatch' });
export type ProductPatch = z.infer<typeof ProductPatch>;
export const ProductResponse = success(z.object({ product: Product })).meta({ id: 'HoProductResponse' });
export const DeleteResponse = success(z.object({ id: z.string(), deleted_at: ts })).meta({
	id: 'HoDeleteResponse'
});

export const BroadcastRequest = z
	.object({
		title: z.string().min(1).max(200),
		message: z.string().min(1).max(2000),
		level: z.enum(['info', 'warning', 'critical']).default('info')
	})
	.meta({ id: 'HoBroadcastRequest' });
export const BroadcastResponse = success(
	z.object({ message_id: z.string(), outlets: z.number().int(), timestamp: ts })
).meta({ id: 'HoBroadcastResponse' });

export const StoreConfigPatch = StoreConfig.partial().strict().meta({ id: 'HoStoreConfigPatch' });
export const StoreConfigResponse = success(
	z.object({ store_id: z.string(), config: StoreConfig.partial().catchall(z.unknown()) })
).meta({
	id: 'HoStoreConfigResponse'
});
export const PhotoResponse = success(z.object({ photo: Photo })).meta({ id: 'HoPhotoResponse' });
export const CorruptRequest = z
	.object({ count: z.number().int().min(1).max(1000).default(1) })
	.meta({ id: 'HoCorruptRequest' });
