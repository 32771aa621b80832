// The edge's relay: what head office changes upstream reaches the outlet's tablets through the edge. It pulls the
// cloud's `updates` since its own checkpoint (products, categories, tombstones, the outlet's config) into the edge's
// tables, follows the upstream event stream from its own Last-Event-ID, and re-emits each change as the edge's own
// event (the same builders the server uses, signed with the same key), so tablets verify and apply them unchanged.
// Each applied page or event and its checkpoint commit together: a reconnect after an outage catches up from the
// checkpoints and applies nothing twice.
import {
	CloudEvent,
	SignedEventData,
	SyncStatusResponse,
	UpdatesResponse,
	type UpdatedCategory,
	type UpdatedProduct
} from '../../src/lib/contract/cloud.ts';
import { SseParser, type SseMessage } from '../../worker/cloud/sse.ts';
import { hashApiKey, safeEqualHex, signEvent } from '../auth.ts';
import type { Queryable } from '../db/types.ts';
import { publishEvent, publishProductUpdate } from '../events.ts';
import { readProduct } from '../cloud/push-products.ts';
import { log } from '../log.ts';
import type { EdgeContext, EdgeOutlet, EdgePart } from './types.ts';

const UPDATES_KEY = 'relay.updates';
const EVENTS_KEY = 'relay.events';
const PAGE = 500;
/** The upstream pings every 15 s: three missed pings and the stream is taken for dead. */
const SILENCE_MS = 45_000;
const MAX_BACKOFF_MS = 30_000;
/** Longest a stream request may stay open (AbortSignal.timeout's ceiling is 2^31 - 1 ms). */
const STREAM_TIMEOUT_MS = 2_000_000_000;

async function readKey(q: Queryable, name: string): Promise<string | null> {
	const { rows } = await q.query<{ value: string }>('select value from edge_checkpoints where name = $1', [
		name
	]);
	return rows[0]?.value ?? null;
}
async function writeKey(q: Queryable, name: string, value: string): Promise<void> {
	await q.query(
		`insert into edge_checkpoints (name, value) values ($1, $2)
		 on conflict (name) do update set value = excluded.value, updated_at = now()`,
		[name, value]
	);
}

export interface RelayStatus extends Record<string, unknown> {
	connected: boolean;
	last_event_id: string | null;
	updates_checkpoint: string | null;
	last_pull_at: string | null;
	last_error: string | null;
	relayed: { products: number; deletions: number; config: number; broadcasts: number; conflicts: number };
}

/** Who changed a product and why, from the upstream event, for the event the edge re-emits after its pull. */
type Hint = { updated_by?: string | undefined; reason?: string | undefined };

class Relay {
	#stopped = false;
	#abort: AbortController | null = null;
	#pulling: Promise<void> | null = null;
	#pullAgain = false;
	#timer: NodeJS.Timeout | null = null;
	#loop: Promise<void> | null = null;
	#failures = 0;
	#wakeLoop: (() => void) | null = null;
	readonly #hints = new Map<string, Hint>();
	readonly #status: RelayStatus = {
		connected: false,
		last_event_id: null,
		updates_checkpoint: null,
		last_pull_at: null,
		last_error: null,
		relayed: { products: 0, deletions: 0, config: 0, broadcasts: 0, conflicts: 0 }
	};

	constructor(private readonly ctx: EdgeContext) {}

	start(): EdgePart {
		this.#loop = this.#follow();
		this.#timer = setInterval(() => this.pullSoon(), Math.max(1000, this.ctx.edge.pullIntervalMs));
		return { name: 'relay', status: () => this.status(), stop: () => this.stop() };
	}

	/** Follows the stream for ever: catch up by pull, stream until it ends, back off, again. */
	async #follow(): Promise<void> {
		while (!this.#stopped) {
			try {
				const outlet = await this.ctx.outlet();
				await this.#baseline(outlet);
				await this.pull();
				await this.#stream(outlet);
				this.#failures = 0;
			} catch (e) {
				if (this.#stopped) return;
				this.#failures++;
				this.#status.last_error = e instanceof Error ? e.message : String(e);
				log('warn', 'edge relay: upstream stream failed; reconnecting', { error: this.#status.last_error });
			} finally {
				this.#status.connected = false;
			}
			if (this.#stopped) return;
			const wait = Math.min(MAX_BACKOFF_MS, 500 * 2 ** Math.min(this.#failures, 16));
			await new Promise<void>((r) => {
				const t = setTimeout(r, wait);
				this.#wakeLoop = () => {
					clearTimeout(t);
					r();
				};
			});
			this.#wakeLoop = null;
		}
	}

	/**
	 * A first connection (or one after upstream forgot our id) starts from upstream's newest event id, taken before
	 * the pull: a broadcast or conflict sent while the stream is down is then replayed on reconnect, and data changes
	 * older than that id are in the pull.
	 */
	async #baseline(outlet: EdgeOutlet): Promise<void> {
		if ((await readKey(this.ctx.db, EVENTS_KEY)) !== null) return;
		const res = await this.ctx.upstream.cloud(outlet, `/api/v1/outlets/${outlet.id}/sync/status`);
		const body: unknown = await res.json().catch(() => null);
		if (res.status !== 200) throw new Error(`upstream sync status answered ${res.status}`);
		const id = String(SyncStatusResponse.parse(body).data.last_event_id);
		await this.ctx.db.query(
			`insert into edge_checkpoints (name, value) values ($1, $2) on conflict (name) do nothing`,
			[EVENTS_KEY, id]
		);
	}

	/** Pulls now, or once more after the running pull. */
	pullSoon(): void {
		if (this.#stopped) return;
		if (this.#pulling) {
			this.#pullAgain = true;
			return;
		}
		this.#pulling = this.pull()
			.catch((e: unknown) => {
				this.#status.last_error = e instanceof Error ? e.message : String(e);
			})
			.finally(() => {
				this.#pulling = null;
			});
	}

	/** Every page of upstream updates after the checkpoint, each applied with its checkpoint in one transaction. */
	async pull(): Promise<void> {
		const outlet = await this.ctx.outlet();
		do {
			this.#pullAgain = false;
			for (;;) {
				const since = await readKey(this.ctx.db, UPDATES_KEY);
				const q = new URLSearchParams({ limit: String(PAGE) });
				if (since) q.set('since', since);
				const res = await this.ctx.upstream.cloud(outlet, `/api/v1/outlets/${outlet.id}/updates?${q}`);
				const body: unknown = await res.json().catch(() => null);
				if (res.status !== 200) throw new Error(`upstream updates answered ${res.status}`);
				const page = UpdatesResponse.parse(body).data;
				await this.ctx.db.tx(async (tx) => {
					await this.#applyCategories(tx, outlet, page.categories);
					await this.#applyProducts(tx, outlet, page.products);
					await this.#applyDeleted(tx, outlet, page.deleted);
					if (page.config) await this.#applyConfig(tx, outlet, page.config);
					await writeKey(tx, UPDATES_KEY, page.sync_checkpoint);
				});
				this.#status.updates_checkpoint = page.sync_checkpoint;
				this.#status.last_pull_at = new Date().toISOString();
				if (!page.has_more) break;
			}
		} while (this.#pullAgain && !this.#stopped);
	}

	async #applyCategories(q: Queryable, outlet: EdgeOutlet, rows: UpdatedCategory[]): Promise<void> {
		for (const c of rows)
			await q.query(
				`insert into categories (id, company_id, brand_id, name, sort_order, version, updated_at)
				 values ($1, $2, (select id from brands where id = $3::uuid), $4, $5, $6, $7)
				 on conflict (id) do update set brand_id = excluded.brand_id, name = excluded.name,
				   sort_order = excluded.sort_order, version = excluded.version, is_deleted = false, updated_at = excluded.updated_at
				 where categories.version < excluded.version
				    or (categories.version = excluded.version
				        and (categories.brand_id, categories.name, categories.sort_order, categories.is_deleted)
				            is distinct from (excluded.brand_id, excluded.name, excluded.sort_order, false))`,
				[c.cloud_id, outlet.companyId, c.brand_id, c.name, c.sort_order, c.version, c.updated_at]
			);
	}

	/**
	 * Upstream is the truth for products: a higher version replaces the edge's, and so does the same version with other
	 * values (an edit made at the edge that lost upstream). A row already equal is not written, so it keeps its change
	 * stamp and the tablets do not pull it again. Only a new version becomes an event for the tablets.
	 */
	async #applyProducts(q: Queryable, outlet: EdgeOutlet, rows: UpdatedProduct[]): Promise<void> {
		if (!rows.length) return;
		const ids = rows.map((p) => p.cloud_id);
		const { rows: local } = await q.query<{ id: string; version: number }>(
			'select id::text as id, version from products where id = any($1::uuid[])',
			[ids]
		);
		const { rows: cats } = await q.query<{ id: string }>(
			'select id::text as id from categories where id = any($1::uuid[])',
			[rows.map((p) => p.category_id)]
		);
		const versions = new Map(local.map((r) => [r.id, Number(r.version)]));
		const categories = new Set(cats.map((c) => c.id));
		for (const p of rows) {
			const before = versions.get(p.cloud_id);
			if (before !== undefined && p.version < before) continue;
			if (!categories.has(p.category_id)) {
				log('warn', 'edge relay: product of an unknown category left to the mirror', { product: p.cloud_id });
				continue;
			}
			await q.query(
				`insert into products (id, company_id, brand_id, category_id, sku, name, description, price, stock, destination,
				                       is_available, modifier_group_ids, version, updated_at)
				 values ($1, $2, (select id from brands where id = $3::uuid), $4, $5, $6, $7, $8, $9, $10, $11,
				         array(select jsonb_array_elements_text($12::jsonb))::uuid[], $13, $14)
				 on conflict (id) do update set brand_id = excluded.brand_id, category_id = excluded.category_id, sku = excluded.sku,
				   name = excluded.name, description = excluded.description, price = excluded.price, stock = excluded.stock,
				   destination = excluded.destination, is_available = excluded.is_available,
				   modifier_group_ids = excluded.modifier_group_ids, version = excluded.version, is_deleted = false,
				   deleted_at = null, updated_at = excluded.updated_at
				 where products.version < excluded.version
				    or (products.version = excluded.version
				        and (products.brand_id, products.category_id, products.sku, products.name, products.description,
				             products.price, products.stock, products.destination, products.is_available,
				             products.modifier_group_ids, products.is_deleted)
				            is distinct from (excluded.brand_id, excluded.category_id, excluded.sku, excluded.name,
				             excluded.description, excluded.price, excluded.stock, excluded.destination,
				             excluded.is_available, excluded.modifier_group_ids, false))`,
				[
					p.cloud_id,
					outlet.companyId,
					p.brand_id,
					p.category_id,
					p.sku,
					p.name,
					p.description,
					p.price,
					p.stock,
					p.destination,
					p.is_available,
					JSON.stringify(p.modifier_group_ids),
					p.version,
					p.updated_at
				]
			);
			if (before !== undefined && p.version === before) continue;
			const row = await readProduct(q, p.cloud_id, outlet.companyId, false);
			if (!row) continue;
			const hint = this.#hints.get(`${p.cloud_id}@${p.version}`);
			this.#hints.delete(`${p.cloud_id}@${p.version}`);
			await publishProductUpdate(q, row, [outlet.id], hint?.updated_by ?? 'head-office', hint?.reason);
			this.#status.relayed.products++;
		}
	}

	async #applyDeleted(q: Queryable, outlet: EdgeOutlet, rows: UpdatesResponse['data']['deleted']) {
		for (const d of rows) {
			if (d.entity_type === 'category') {
				await q.query('update categories set is_deleted = true where id = $1 and not is_deleted', [
					d.cloud_id
				]);
				continue;
			}
			const { rows: gone } = await q.query(
				`update products set is_deleted = true, deleted_at = $2, version = version + 1
				  where id = $1 and company_id = $3 and not is_deleted returning id`,
				[d.cloud_id, d.deleted_at, outlet.companyId]
			);
			if (!gone.length) continue;
			await publishEvent(q, {
				outletId: outlet.id,
				event: 'entity.deleted',
				payload: {
					event: 'entity.deleted',
					timestamp: new Date().toISOString(),
					entity_type: 'product',
					cloud_id: d.cloud_id,
					local_id: d.cloud_id,
					deleted_at: d.deleted_at
				}
			});
			this.#status.relayed.deletions++;
		}
	}

	async #applyConfig(q: Queryable, outlet: EdgeOutlet, config: Record<string, unknown>): Promise<void> {
		const { rows } = await q.query(
			`update stores set config = $2::jsonb where id = $1 and config is distinct from $2::jsonb returning id`,
			[outlet.id, JSON.stringify(config)]
		);
		if (!rows.length) return;
		await publishEvent(q, {
			outletId: outlet.id,
			event: 'config.updated',
			payload: { event: 'config.updated', timestamp: new Date().toISOString(), outlet_id: outlet.id, config }
		});
		this.#status.relayed.config++;
	}

	/** One connection to the upstream event stream, until it ends or falls silent. */
	async #stream(outlet: EdgeOutlet): Promise<void> {
		const last = await readKey(this.ctx.db, EVENTS_KEY);
		const abort = new AbortController();
		this.#abort = abort;
		const headers: Record<string, string> = { accept: 'text/event-stream' };
		if (last) headers['last-event-id'] = last;
		const res = await this.ctx.upstream.cloud(outlet, `/api/v1/outlets/${outlet.id}/events`, {
			headers,
			signal: abort.signal,
			timeoutMs: STREAM_TIMEOUT_MS
		});
		if (res.status === 409) {
			// Upstream never sent that id (its database was restored): start over from its newest event; the
			// updates pull, which has its own checkpoint, keeps the data complete.
			await res.body?.cancel();
			await this.ctx.db.query('delete from edge_checkpoints where name = $1', [EVENTS_KEY]);
			throw new Error('upstream does not know our last event id; reconnecting without it');
		}
		if (res.status !== 200 || !res.body) {
			await res.body?.cancel();
			throw new Error(`upstream event stream answered ${res.status}`);
		}
		this.#status.connected = true;
		this.#status.last_error = null;
		this.#failures = 0;
		const keyHash = hashApiKey(this.ctx.edge.apiKey);
		const parser = new SseParser();
		const decoder = new TextDecoder();
		const reader = res.body.getReader();
		let silence = setTimeout(() => abort.abort(), SILENCE_MS);
		try {
			for (;;) {
				const { done, value } = await reader.read();
				if (done || this.#stopped) return;
				clearTimeout(silence);
				silence = setTimeout(() => abort.abort(), SILENCE_MS);
				for (const msg of parser.push(decoder.decode(value, { stream: true })))
					await this.#onMessage(outlet, keyHash, msg);
			}
		} finally {
			clearTimeout(silence);
			this.#abort = null;
			abort.abort();
		}
	}

	async #onMessage(outlet: EdgeOutlet, keyHash: string, msg: SseMessage): Promise<void> {
		if (msg.id === null || !/^\d+$/.test(msg.id)) return;
		const id = msg.id;
		let signed: SignedEventData;
		try {
			signed = SignedEventData.parse(JSON.parse(msg.data));
		} catch {
			log('warn', 'edge relay: malformed upstream event dropped', { id });
			return;
		}
		const payloadJson = JSON.stringify(signed.payload);
		if (!safeEqualHex(signEvent(keyHash, id, payloadJson), signed.signature)) {
			log('warn', 'edge relay: upstream event with a bad signature dropped', { id });
			return;
		}
		const parsed = CloudEvent.safeParse(signed.payload);
		const db = this.ctx.db;
		if (!parsed.success) {
			await writeKey(db, EVENTS_KEY, id);
			return;
		}
		const e = parsed.data;
		if (e.event === 'broadcast.message') {
			await db.tx(async (q) => {
				await publishEvent(q, { outletId: outlet.id, event: e.event, payload: e });
				await writeKey(q, EVENTS_KEY, id);
			});
			this.#status.relayed.broadcasts++;
		} else if (e.event === 'sync.conflict') {
			await db.tx(async (q) => {
				// The conflict as the edge's own, with upstream's id: the tablets list and see it at the edge.
				const c = e.conflict;
				await q.query(
					`insert into conflicts (id, outlet_id, entity_type, cloud_id, local_id, field, cloud_value, cloud_version,
					                        cloud_updated_at, local_value, local_version, local_updated_at)
					 values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) on conflict (id) do nothing`,
					[
						e.conflict_id,
						outlet.id,
						e.entity_type,
						e.cloud_id,
						e.local_id,
						c.field,
						JSON.stringify(c.cloud_value ?? null),
						c.cloud_version,
						c.cloud_updated_at,
						JSON.stringify(c.local_value ?? null),
						c.local_version,
						c.local_updated_at
					]
				);
				await publishEvent(q, { outletId: outlet.id, event: e.event, payload: e });
				await writeKey(q, EVENTS_KEY, id);
			});
			this.#status.relayed.conflicts++;
		} else {
			// Data changes come through the updates pull (with its own checkpoint), which emits them once.
			if (e.event === 'entity.updated' && e.entity_type === 'product')
				this.#hints.set(`${e.cloud_id}@${e.version}`, { updated_by: e.updated_by, reason: e.reason });
			await writeKey(db, EVENTS_KEY, id);
			this.pullSoon();
		}
		this.#status.last_event_id = id;
	}

	async status(): Promise<RelayStatus> {
		return {
			...this.#status,
			last_event_id: await readKey(this.ctx.db, EVENTS_KEY),
			updates_checkpoint: await readKey(this.ctx.db, UPDATES_KEY),
			relayed: { ...this.#status.relayed }
		};
	}

	async stop(): Promise<void> {
		this.#stopped = true;
		if (this.#timer) clearInterval(this.#timer);
		this.#abort?.abort();
		this.#wakeLoop?.();
		await this.#loop;
		await this.#pulling;
	}
}

/** The relay as the edge starts it. */
export function startRelay(ctx: EdgeContext): EdgePart {
	return new Relay(ctx).start();
}
