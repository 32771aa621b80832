// The edge's forwarder: what the outlet's tablets pushed to the edge (orders, transactions, applied product pushes,
// shifts) goes upstream in batches, read in commit order from a durable checkpoint that moves only after upstream
// answered. Upstream is idempotent by local_id + version, so a kill anywhere re-sends at most one batch and doubles
// nothing. An item upstream refuses (a 4xx reason) is parked with its error and shown; a 5xx or network failure is
// retried with backoff.
import {
	BatchResponse,
	MAX_BATCH_ITEMS,
	ShiftsPushResponse,
	type BatchItemResult
} from '../../src/lib/contract/cloud.ts';
import { isoUs } from '../db/sql.ts';
import type { Queryable } from '../db/types.ts';
import { log } from '../log.ts';
import { claimOf } from './claim.ts';
import type { EdgeContext, EdgeOutlet, EdgePart, EdgePartFactory } from './types.ts';

export const FORWARD_CHANNEL = 'kasir_forward';
const EPOCH = '1970-01-01T00:00:00.000000Z';
const MAX_BACKOFF_MS = 30_000;

type StreamName = 'batch' | 'shifts';
const checkpointKey = (s: StreamName) => `forward.${s}`;

/** One row to forward: its kind, identity and change stamp, and the body upstream takes. */
type Pending = {
	kind: 'order' | 'transaction' | 'product' | 'shift';
	local_id: string;
	version: number;
	checkpoint: string;
	body: Record<string, unknown>;
};

/** Item outcome: done (stored, answered as a conflict, or parked) or to retry later. */
type Outcome = { retry: false; park?: { code: string; error: string } } | { retry: true; error: string };

const orderBody = `jsonb_build_object(
	'local_id', local_id, 'outlet_id', outlet_id::text, 'outlet_code', outlet_code, 'table_number', table_number,
	'customer_name', customer_name, 'pax', pax, 'total_amount', total_amount, 'status', status, 'items', items,
	'payment_info', payment_info, 'cashier_name', cashier_name, 'staff_id', staff_id, 'voided_by', voided_by,
	'discount_amount', discount_amount, 'discount', discount, 'version', version,
	'created_at', ${isoUs('created_at')}, 'updated_at', ${isoUs('updated_at')})
	|| case when order_number is null then '{}'::jsonb else jsonb_build_object('order_number', order_number) end`;
const transactionBody = `jsonb_build_object(
	'local_id', local_id, 'outlet_id', outlet_id::text, 'outlet_code', outlet_code, 'order_id', order_id,
	'total_amount', total_amount, 'payment_method', payment_method, 'cash_amount', cash_amount,
	'change_amount', change_amount, 'cashier_name', cashier_name, 'version', version,
	'created_at', ${isoUs('created_at')}, 'type', type, 'reason', reason)`;
/** Only pushes the edge applied (a new version): one answered as a conflict or "already in step" stays here. */
const appliedProductPush = `body is not null and not (result ? 'status')
	and (result->>'version')::int > (body->>'version')::int`;

/** The next rows of one stream after its checkpoint, oldest change first (stamps come from one clock). */
async function readPending(
	q: Queryable,
	outletId: string,
	stream: StreamName,
	since: string,
	limit: number
): Promise<Pending[]> {
	const sql =
		stream === 'shifts'
			? `select 'shift' as kind, local_id, version, ${isoUs('changed_at')} as checkpoint,
			          data || jsonb_build_object('version', version) as body
			     from shifts where outlet_id = $1 and changed_at > $2::timestamptz order by changed_at limit $3`
			: `select kind, local_id, version, ${isoUs('changed_at')} as checkpoint, body from (
			     select 'order' as kind, local_id, version, changed_at, ${orderBody} as body
			       from orders where outlet_id = $1 and changed_at > $2::timestamptz
			     union all
			     select 'transaction', local_id, version, changed_at, ${transactionBody}
			       from transactions where outlet_id = $1 and changed_at > $2::timestamptz
			     union all
			     select 'product', local_id, (body->>'version')::int, changed_at, body
			       from product_pushes where outlet_id = $1 and changed_at > $2::timestamptz and ${appliedProductPush}
			   ) c order by changed_at limit $3`;
	const { rows } = await q.query<Pending>(sql, [outletId, since, limit]);
	return rows.map((r) => ({ ...r, version: Number(r.version) }));
}

async function countPending(q: Queryable, outletId: string, batchSince: string, shiftsSince: string) {
	const { rows } = await q.query<{ n: string | number }>(
		`select (select count(*) from orders where outlet_id = $1 and changed_at > $2::timestamptz)
		      + (select count(*) from transactions where outlet_id = $1 and changed_at > $2::timestamptz)
		      + (select count(*) from product_pushes where outlet_id = $1 and changed_at > $2::timestamptz and ${appliedProductPush})
		      + (select count(*) from shifts where outlet_id = $1 and changed_at > $3::timestamptz) as n`,
		[outletId, batchSince, shiftsSince]
	);
	return Number(rows[0]?.n ?? 0);
}

async function readCheckpoint(q: Queryable, stream: StreamName): Promise<string> {
	const { rows } = await q.query<{ value: string }>('select value from edge_checkpoints where name = $1', [
		checkpointKey(stream)
	]);
	return rows[0]?.value ?? EPOCH;
}

/** A batch item failure that waiting will not fix (a 4xx reason) is parked; a server error is retried. */
function batchOutcome(r: BatchItemResult | undefined): Outcome {
	if (!r) return { retry: true, error: 'upstream answered fewer results than items' };
	if (r.status !== 'failed') return { retry: false };
	if (r.code === 'internal_server_error' || r.code === undefined)
		return { retry: true, error: r.error ?? 'upstream failed to store an item' };
	return { retry: false, park: { code: r.code, error: r.error ?? r.code } };
}

/** Upstream refused the request's size (413): the batch is halved, a single item that is too large is parked. */
class TooLarge extends Error {}

class RetryLater extends Error {
	constructor(
		message: string,
		readonly afterMs?: number
	) {
		super(message);
	}
}

export interface ForwarderOptions {
	/** Items per upstream request (at most MAX_BATCH_ITEMS). */
	batchItems?: number;
	/**
	 * Test hook: called after upstream accepted a batch and before the checkpoint moves (the window a crash test
	 * kills the process in).
	 */
	afterUpstreamAccepted?: (batchNumber: number) => void;
}

export interface ForwarderStatus extends Record<string, unknown> {
	/** Rows pushed to the edge and not yet forwarded (parked ones are forwarded: they are counted in `parked`). */
	backlog: number | null;
	forwarded: number;
	last_forward_at: string | null;
	last_error: string | null;
	/** Items upstream refused for a reason retrying cannot fix, with the reason (newest first, at most 20). */
	parked: number;
	parked_items: { entity_type: string; local_id: string; version: number; code: string; error: string }[];
	claim: string;
	next_retry_at: string | null;
}

/** The forwarder, with options (tests use a smaller batch and the crash hook). */
export function forwarderWith(opts: ForwarderOptions = {}): EdgePartFactory {
	return (ctx) => new Forwarder(ctx, opts).start();
}

/** The forwarder as the edge starts it. */
export const startForwarder: EdgePartFactory = forwarderWith();

class Forwarder {
	readonly #batchItems: number;
	/** Items per request now: halved after a 413, back to #batchItems after a full pass. */
	#size: number;
	#running: Promise<void> | null = null;
	#again = false;
	#stopped = false;
	#failures = 0;
	#notBefore = 0;
	#batches = 0;
	#forwarded = 0;
	#lastForwardAt: string | null = null;
	#lastError: string | null = null;
	#timer: NodeJS.Timeout | null = null;
	#retryTimer: NodeJS.Timeout | null = null;
	#unlisten: (() => Promise<void>) | null = null;
	#prefetch: { stream: StreamName; since: string; size: number; rows: Promise<Pending[]> } | null = null;
	/** Known once the edge knows its outlet; the status never waits for it. */
	#outlet: EdgeOutlet | null = null;

	constructor(
		private readonly ctx: EdgeContext,
		private readonly opts: ForwarderOptions
	) {
		this.#batchItems = Math.max(1, Math.min(MAX_BATCH_ITEMS, opts.batchItems ?? MAX_BATCH_ITEMS));
		this.#size = this.#batchItems;
	}

	start(): EdgePart {
		void this.ctx.outlet().then((o) => {
			this.#outlet = o;
		});
		void this.ctx.db
			.listen(FORWARD_CHANNEL, () => this.wake())
			.then((un) => {
				if (this.#stopped) void un();
				else this.#unlisten = un;
			});
		this.#timer = setInterval(() => this.wake(), Math.max(50, this.ctx.edge.forwardIntervalMs));
		this.wake();
		return {
			name: 'forwarder',
			status: () => this.status(),
			stop: () => this.stop()
		};
	}

	/** Runs a forwarding pass now, or once more after the running one; waits out a backoff. */
	wake(): void {
		if (this.#stopped) return;
		if (Date.now() < this.#notBefore) return;
		if (this.#running) {
			this.#again = true;
			return;
		}
		this.#running = this.#run().finally(() => {
			this.#running = null;
		});
	}

	async #run(): Promise<void> {
		do {
			this.#again = false;
			try {
				if ((await claimOf(this.ctx).current()) !== 'held') return;
				const outlet = await this.ctx.outlet();
				this.#outlet = outlet;
				while (!this.#stopped && (await this.#step(outlet, 'batch'))) {
					/* next batch */
				}
				while (!this.#stopped && (await this.#step(outlet, 'shifts'))) {
					/* next batch */
				}
				this.#failures = 0;
				this.#size = this.#batchItems;
				this.#notBefore = 0;
				this.#lastError = null;
			} catch (e) {
				this.#backoff(e);
				return;
			}
		} while (this.#again && !this.#stopped);
	}

	#backoff(e: unknown): void {
		this.#failures++;
		const message = e instanceof Error ? e.message : String(e);
		const base = Math.max(100, this.ctx.edge.forwardIntervalMs);
		const wait =
			e instanceof RetryLater && e.afterMs !== undefined
				? e.afterMs
				: Math.min(MAX_BACKOFF_MS, base * 2 ** Math.min(this.#failures - 1, 16));
		this.#notBefore = Date.now() + wait;
		this.#lastError = message;
		log('warn', 'edge forward failed; retrying', { error: message, retry_in_ms: wait });
		if (this.#retryTimer) clearTimeout(this.#retryTimer);
		this.#retryTimer = setTimeout(() => this.wake(), wait + 5);
	}

	/** Forwards one batch of a stream; true when a full batch went (there may be more). */
	async #step(outlet: EdgeOutlet, stream: StreamName): Promise<boolean> {
		const db = this.ctx.db;
		const since = await readCheckpoint(db, stream);
		const size = this.#size;
		const pre = this.#prefetch;
		this.#prefetch = null;
		const items =
			pre && pre.stream === stream && pre.since === since && pre.size === size
				? await pre.rows
				: await readPending(db, outlet.id, stream, since, size);
		if (!items.length) return false;
		// The next page is read while upstream stores this one; it is used only if the checkpoint lands where it starts.
		const end = items[items.length - 1];
		if (end && items.length === size) {
			const rows = readPending(db, outlet.id, stream, end.checkpoint, size);
			rows.catch(() => undefined);
			this.#prefetch = { stream, since: end.checkpoint, size, rows };
		}
		let outcomes: Outcome[];
		try {
			outcomes =
				stream === 'batch' ? await this.#sendBatch(outlet, items) : await this.#sendShifts(outlet, items);
		} catch (e) {
			if (!(e instanceof TooLarge)) throw e;
			if (items.length > 1) {
				this.#size = Math.ceil(items.length / 2);
				return true;
			}
			outcomes = [{ retry: false, park: { code: 'payload_too_large', error: e.message } }];
		}
		this.#batches++;
		this.opts.afterUpstreamAccepted?.(this.#batches);
		// The checkpoint moves to the last item before the first one to retry; items after it go again (idempotent).
		const firstRetry = outcomes.findIndex((o) => o.retry);
		const done = firstRetry === -1 ? items.length : firstRetry;
		const last = items[done - 1];
		await db.tx(async (q) => {
			for (const [i, o] of outcomes.slice(0, done).entries()) {
				const it = items[i];
				if (!o.retry && o.park && it)
					await q.query(
						`insert into edge_parked (stream, entity_type, local_id, version, code, error) values ($1, $2, $3, $4, $5, $6)
						 on conflict (stream, entity_type, local_id, version) do update set code = excluded.code, error = excluded.error`,
						[stream, it.kind, it.local_id, it.version, o.park.code, o.park.error]
					);
			}
			if (last)
				await q.query(
					`insert into edge_checkpoints (name, value) values ($1, $2)
					 on conflict (name) do update set value = excluded.value, updated_at = now()`,
					[checkpointKey(stream), last.checkpoint]
				);
		});
		const parked = outcomes.slice(0, done).filter((o) => !o.retry && o.park).length;
		if (parked) log('warn', 'edge forward: upstream refused items; parked', { stream, parked });
		this.#forwarded += done;
		if (done) this.#lastForwardAt = new Date().toISOString();
		const retry = outcomes[firstRetry];
		if (retry?.retry)
			throw new RetryLater(
				`upstream could not store ${items[firstRetry]?.kind} ${items[firstRetry]?.local_id}: ${retry.error}`
			);
		return items.length === size;
	}

	async #post(outlet: EdgeOutlet, path: string, body: unknown): Promise<unknown> {
		let res: Response;
		try {
			res = await this.ctx.upstream.cloud(outlet, `/api/v1/outlets/${outlet.id}${path}`, {
				method: 'POST',
				body: JSON.stringify(body),
				timeoutMs: 60_000
			});
		} catch (e) {
			throw new RetryLater(`upstream unreachable: ${e instanceof Error ? e.message : String(e)}`);
		}
		const text = await res.text();
		if (res.status === 200) return JSON.parse(text) as unknown;
		const detail = `upstream answered ${res.status} to ${path}: ${text.slice(0, 300)}`;
		if (res.status === 413) throw new TooLarge(detail);
		if (res.status === 429) {
			const after = Number(res.headers.get('retry-after') ?? 5);
			throw new RetryLater(detail, Math.max(1, after) * 1000);
		}
		// A whole request refused (bad key, wrong outlet) is a setting to fix, not an item to drop: retried with
		// backoff and shown in the status as last_error, never parked.
		throw new RetryLater(detail);
	}

	async #sendBatch(outlet: EdgeOutlet, items: Pending[]): Promise<Outcome[]> {
		const raw = await this.#post(outlet, '/sync/batch', {
			outlet_id: outlet.id,
			outlet_code: outlet.code,
			sync_timestamp: new Date().toISOString(),
			items: items.map((it) => ({ entity_type: it.kind, data: it.body }))
		});
		const parsed = BatchResponse.safeParse(raw);
		if (!parsed.success) throw new RetryLater('upstream batch answer does not match the contract');
		return items.map((_, i) => batchOutcome(parsed.data.data.results[i]));
	}

	async #sendShifts(outlet: EdgeOutlet, items: Pending[]): Promise<Outcome[]> {
		const raw = await this.#post(outlet, '/shifts', { items: items.map((it) => it.body) });
		const parsed = ShiftsPushResponse.safeParse(raw);
		if (!parsed.success) throw new RetryLater('upstream shifts answer does not match the contract');
		return items.map((_, i): Outcome => {
			const r = parsed.data.data.results[i];
			if (!r) return { retry: true, error: 'upstream answered fewer results than items' };
			if (r.status === 'success') return { retry: false };
			return { retry: false, park: { code: 'failed', error: r.error ?? 'refused' } };
		});
	}

	async status(): Promise<ForwarderStatus> {
		const db = this.ctx.db;
		const outlet = this.#outlet;
		const [batchSince, shiftsSince] = [await readCheckpoint(db, 'batch'), await readCheckpoint(db, 'shifts')];
		const backlog = outlet ? await countPending(db, outlet.id, batchSince, shiftsSince) : null;
		const { rows: n } = await db.query<{ n: string | number }>('select count(*) as n from edge_parked');
		const { rows: parked } = await db.query<ForwarderStatus['parked_items'][number]>(
			'select entity_type, local_id, version, code, error from edge_parked order by parked_at desc limit 20'
		);
		return {
			backlog,
			forwarded: this.#forwarded,
			last_forward_at: this.#lastForwardAt,
			last_error: this.#lastError,
			parked: Number(n[0]?.n ?? 0),
			parked_items: parked,
			claim: claimOf(this.ctx).status.state,
			next_retry_at: this.#notBefore > Date.now() ? new Date(this.#notBefore).toISOString() : null
		};
	}

	async stop(): Promise<void> {
		this.#stopped = true;
		if (this.#timer) clearInterval(this.#timer);
		if (this.#retryTimer) clearTimeout(this.#retryTimer);
		const un = this.#unlisten;
		this.#unlisten = null;
		if (un) await un();
		await this.#running;
	}
}
