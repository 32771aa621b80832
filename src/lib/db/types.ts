// Why: one typed vocabulary for every local document, shared by the UI, the worker and the tests (field names = the seeds' wire names).

export type SyncStatus = 'pending' | 'synced' | 'failed';
import type { Destination } from '../contract/ho';
import type { ConflictStrategy } from '../contract/cloud';
import type { LineStatus } from '../domain/cart';
import type { OrderStatus } from '../domain/order';
import type { RefundEntry } from '../domain/refund';
import type { Discount } from '../domain/discount';
import type { FieldConflict } from '../domain/conflict';

export type { ConflictStrategy, Destination, OrderStatus, RefundEntry };

export interface CompanyDoc {
	id: string;
	code: string;
	name: string;
	address: string;
	phone: string;
	is_deleted: boolean;
	updated_at: string;
}

export interface BrandDoc {
	id: string;
	company_id: string;
	code: string;
	name: string;
	is_deleted: boolean;
	updated_at: string;
}

export interface SyncIntervals {
	/** Minutes between full master-data pulls (default 360 = 6 h). */
	master_minutes?: number;
	/** Minutes between stock/summary pushes (default 60). */
	hourly_minutes?: number;
	[key: string]: number | undefined;
}

export interface StoreConfig {
	tax_rate?: number;
	service_rate?: number;
	receipt_footer?: string;
	/** Static QRIS of the outlet; the payment dialog turns it into a dynamic QR with the amount. */
	qris_payload?: string;
	rounding?: number;
	sync_intervals?: SyncIntervals;
	/** "HH:MM" outlet-local time at which a business day starts (default 05:00). */
	business_day_start?: string;
	/** Default starting cash of a shift, rupiah. */
	opening_cash?: number;
	/** Closing a shift whose absolute cash variance exceeds this (rupiah) needs the manager PIN. */
	variance_threshold?: number;
	/** Open a shift by itself at the first sale when none is open. */
	auto_open_shift?: boolean;
	/** The people who sign in on the till (docs/till.md); checked with domain/staff validStaffList before use. */
	staff?: readonly unknown[];
	/** The outlet's named discounts (domain/discount validPresetList). */
	discounts?: readonly unknown[];
	/** Ad-hoc discounts above this percent need a supervisor's PIN (default 10). */
	discount_limit_percent?: number;
}

export interface StoreDoc {
	id: string;
	company_id: string;
	brand_id: string;
	code: string;
	name: string;
	address: string;
	timezone: string;
	config: StoreConfig;
	table_count: number;
	is_deleted: boolean;
	updated_at: string;
}

export interface CategoryDoc {
	id: string;
	company_id: string;
	brand_id: string | null;
	name: string;
	sort_order: number;
	version: number;
	is_deleted: boolean;
	updated_at: string;
}

export interface ProductDoc {
	id: string;
	company_id: string;
	brand_id: string | null;
	category_id: string;
	sku: string;
	name: string;
	/** Lower-cased name: the index behind prefix search. */
	name_lower: string;
	/**
	 * `brand_id ?? ''` (v1): what the selling screen's compound indexes hold, since a nullable field cannot be indexed.
	 * Derived: the collection's insert and save hooks fill it from `brand_id`, so writers need not set it.
	 */
	brand_key?: string;
	description: string;
	price: number;
	/** null = stock not tracked. */
	stock: number | null;
	destination: Destination;
	is_available: boolean;
	modifier_group_ids: string[];
	version: number;
	is_deleted: boolean;
	photo_id: string | null;
	updated_at: string;
}

export interface ModifierOption {
	id: string;
	name: string;
	price: number;
}

export interface ModifierDoc {
	id: string;
	company_id: string;
	name: string;
	min_select: number;
	max_select: number;
	is_required: boolean;
	options: ModifierOption[];
	sort_order: number;
	is_deleted: boolean;
	updated_at: string;
}

export type PhotoState = 'pending' | 'cached' | 'failed';

export interface PhotoDoc {
	id: string;
	product_id: string;
	checksum: string;
	version: number;
	content_type: string;
	size: number;
	state: PhotoState;
	cached_at: string | null;
	error: string | null;
	cache_url: string;
	is_deleted: boolean;
	updated_at: string;
}

export type TableStatus = 'free' | 'occupied' | 'bill';

export interface TableDoc {
	id: string;
	number: string;
	seats: number;
	status: TableStatus;
	order_local_id: string | null;
	sync_status: SyncStatus;
	updated_at: string;
}

export interface OrderItemModifier {
	group_id?: string;
	option_id?: string;
	name: string;
	price: number;
}

export interface OrderItem {
	line_id: string;
	product_id: string;
	product_name: string;
	category: string;
	qty: number;
	price: number;
	subtotal: number;
	modifiers: OrderItemModifier[];
	note: string;
	destination: Destination;
	status: LineStatus;
	/** The line's discount and what it takes off `subtotal` (absent: none). */
	discount?: Discount | null;
	discount_amount?: number;
}

export interface PaymentInfo {
	method: string;
	amount: number;
	paid_at: string;
	/** Extension (split payment): each part's method and amount; absent for one payment. */
	payments?: { method: string; amount: number }[];
}

/** Fields every pushed document carries for the replicator's bookkeeping. */
export interface PushState {
	cloud_id: string | null;
	/** The last local `version` the cloud acknowledged. */
	synced_version: number;
	synced_at: string | null;
	sync_status: SyncStatus;
	sync_error: string | null;
	sync_attempts: number;
	/** ISO time before which a failed push is not retried (backoff). */
	next_attempt_at: string | null;
}

/** One payment stored inside its order (see domain PaymentEntry); the derived transaction has the same local_id. */
export interface StoredPayment {
	local_id: string;
	method: string;
	amount: number;
	cash_amount: number | null;
	change_amount: number | null;
	paid_at: string;
	cashier_name: string;
}

/** An order's money figures (the whole order, or one part of a split bill). */
export interface OrderAmounts {
	subtotal: number;
	service_amount: number;
	tax_amount: number;
	rounding_amount: number;
	total_amount: number;
}

export interface OrderDoc extends PushState, OrderAmounts {
	/** The sync identity: a UUIDv7 (orders from before device codes keep their old order number here). */
	local_id: string;
	/** The human number printed on receipts: ORD-<yyyymmdd>-<OUTLET>-<DEVICE>-<nnnn>, unique per outlet and day. */
	order_number: string;
	outlet_id: string;
	outlet_code: string;
	table_number: string | null;
	customer_name: string | null;
	pax: number | null;
	items: OrderItem[];
	status: OrderStatus;
	void_reason: string | null;
	payment_info: PaymentInfo | null;
	/** The payments, written in the same document write as status 'paid' (a sale is one atomic write). */
	payments: StoredPayment[];
	/** Bumped on every local change; the push compares it with `synced_version`. */
	version: number;
	created_at: string;
	updated_at: string;
	business_date: string;
	/** The shift open on this device when the order was last written (null: none open). */
	shift_id?: string | null;
	/** v2: refunds of this paid order, embedded (one write each); each derives a refund transaction with its local_id. */
	refunds?: RefundEntry[];
	/** v2: links to the orders this one was split into / from, merged into / from (null: none). */
	links?: OrderLinks | null;
	/** Who took the order (the signed-in cashier, else the HO user), seed 004's `cashier_name`; their staff id if any. */
	cashier_name?: string | null;
	staff_id?: string | null;
	/** Who allowed the void (the approver when the cashier's role was not enough). */
	voided_by?: string | null;
	voided_by_id?: string | null;
	/** The discount on the whole order (line discounts sit in their items); discount_amount = lines' + order's. */
	discount?: Discount | null;
	discount_amount?: number;
}

/** One part of a split bill as the original records it before the parts are written (the start-up repair finishes it). */
export interface SplitPartPlan extends OrderAmounts {
	local_id: string;
	order_number: string;
	items: OrderItem[];
}

export interface OrderLinks {
	/** On a split original: its parts, in order (the plan keeps what each holds). */
	split_into?: string[];
	split_plan?: SplitPartPlan[];
	/** On a part of a split bill: the original. */
	split_from?: string;
	/** On an order closed by merging its table into another: the order that took its lines. */
	merged_into?: string;
	/** On the order that took the lines of others. */
	merged_from?: string[];
}

export interface TransactionDoc extends PushState {
	local_id: string;
	outlet_id: string;
	outlet_code: string;
	order_id: string;
	total_amount: number;
	payment_method: string;
	cash_amount: number | null;
	change_amount: number | null;
	cashier_name: string | null;
	version: number;
	created_at: string;
	updated_at: string;
	business_date: string;
	/** v1: 'refund' for a refund (negative total_amount, order_id = the refunded order); absent = a payment. */
	type?: 'payment' | 'refund';
	/** v1: the refund's reason. */
	reason?: string | null;
}

export interface ProductChanges {
	price?: number;
	stock?: number | null;
	is_available?: boolean;
	name?: string;
}

export interface ProductUpdateDoc extends PushState {
	id: string;
	product_id: string;
	changes: ProductChanges;
	/** The product version the change was made on (the cloud's optimistic check). */
	base_version: number;
	/** Always 1: an outbox entry is written once; the field lets the generic push code compare versions. */
	version: number;
	/** The cloud's answer for this item (status, conflict_id, ...). */
	result: Record<string, unknown> | null;
	created_at: string;
	updated_at: string;
}

export type ConflictStatus = 'open' | 'resolving' | 'resolved';

/** The field-level conflict as the cloud reports it, kept with its resolution. */
export interface ConflictDoc extends FieldConflict {
	id: string;
	entity_type: string;
	cloud_id: string;
	local_id: string;
	status: ConflictStatus;
	strategy: ConflictStrategy | null;
	auto: boolean;
	applied_value: unknown;
	new_version: number | null;
	resolved_at: string | null;
	resolved_by: string | null;
	notes: string | null;
	/** A resolution chosen offline, sent when the cloud is reachable. */
	queued_resolution: { strategy: ConflictStrategy; resolved_by: string; notes: string | null } | null;
	error: string | null;
	created_at: string;
	updated_at: string;
}

export type SyncJobStatus = 'running' | 'completed' | 'failed' | 'cancelled';
export type SyncResultStatus = 'pending' | 'running' | 'success' | 'failed' | 'skipped' | 'cancelled';

export interface SyncStepResult {
	count: number;
	status: SyncResultStatus;
	error: string | null;
	/** Finer counts of a step that has them (photos: downloaded, skipped, failed, deleted). */
	detail?: Record<string, number>;
}

/** A translatable step text: the UI maps `key` (+ params) to a sentence; `text` is the English fallback. */
export interface StepMessage {
	key: string;
	params: Record<string, string | number>;
	text: string;
}

export interface SyncJobDoc {
	id: string;
	scope: string;
	status: SyncJobStatus;
	progress: number;
	step: number;
	total_steps: number;
	current_step: string;
	current_step_message: StepMessage | null;
	results: Record<string, SyncStepResult>;
	totalUpdated: number;
	message: string | null;
	error: string | null;
	/** Set by the tab running the job; a stale heartbeat means the tab died. */
	heartbeat_at: string;
	cancel_requested: boolean;
	started_at: string;
	updated_at: string;
	completed_at: string | null;
}

export interface DailySummary {
	total_orders: number;
	total_revenue: number;
	total_transactions: number;
	payment_methods: Record<string, number>;
	top_products: { product_name: string; qty_sold: number; revenue: number }[];
	hourly_breakdown: { hour: number; orders: number; revenue: number }[];
}

export interface DailySummaryDoc {
	id: string;
	outlet_id: string;
	date: string;
	summary: DailySummary;
	sync_status: SyncStatus;
	synced_at: string | null;
	sync_error: string | null;
	updated_at: string;
}

/** Figures of one business day as the till and the cloud compute them (see domain/reconcile). */
export interface ReconcileFigures {
	orders: number;
	paid: { count: number; sum: number };
	voids: { count: number; sum: number };
	payment_methods: Record<string, { count: number; sum: number }>;
	/** Refunds of the day's paid orders, when there are some. */
	refunds?: { count: number; sum: number };
	digest: string;
}

export interface ReconcileEntryDoc {
	local_id: string;
	version: number;
	total_amount: number;
	status: string;
}

/** The outcome of reconciling one business day with the cloud; kept in `meta` under `reconcile:{date}`. */
export interface ReconciliationDoc {
	date: string;
	status: 'matched' | 'mismatched' | 'pending';
	checked_at: string;
	local: ReconcileFigures;
	cloud: ReconcileFigures | null;
	differences: {
		local_id: string;
		kind: 'missing' | 'extra' | 'different';
		fields: ('version' | 'total_amount' | 'status')[];
		local: ReconcileEntryDoc | null;
		cloud: ReconcileEntryDoc | null;
	}[];
	/** Why it is pending (offline, orders still to send), else null. */
	reason: string | null;
	/** When the outcome reached the cloud; null while it waits to be sent. */
	sent_at: string | null;
}

export interface CashMovementDoc {
	local_id: string;
	kind: 'in' | 'out';
	amount: number;
	reason: string;
	at: string;
}

/**
 * A cashier's shift with its cash movements inside (one document: a movement and its shift are one
 * atomic write); kept in `meta` under `shift:{local_id}` and pushed to the cloud like orders.
 */
export interface ShiftDoc {
	local_id: string;
	outlet_id: string;
	outlet_code: string;
	device_id: string;
	status: 'open' | 'closed';
	opening_cash: number;
	opened_at: string;
	opened_by: string;
	/** Opened by itself at the first sale (outlet config `auto_open_shift`). */
	auto_opened: boolean;
	business_date: string;
	movements: CashMovementDoc[];
	closed_at: string | null;
	closed_by: string | null;
	expected: { cash: number; qris: number; card: number } | null;
	counted: { cash: number; qris: number; card: number } | null;
	variance: { cash: number; qris: number; card: number; total: number } | null;
	/** The manager PIN was given because the variance was beyond the threshold. */
	manager_approved: boolean;
	version: number;
	created_at: string;
	updated_at: string;
	cloud_id: string | null;
	synced_version: number;
	synced_at: string | null;
	sync_status: SyncStatus;
	sync_error: string | null;
}

export type MessageKind = 'broadcast' | 'config';

export interface MessageDoc {
	id: string;
	kind: MessageKind;
	title: string;
	message: string;
	level: string;
	received_at: string;
	dismissed: boolean;
	data: Record<string, unknown> | null;
	updated_at: string;
}

export interface MetaDoc {
	key: string;
	value: unknown;
	updated_at: string;
}
