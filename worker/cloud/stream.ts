// Why: the live event stream (fetch + SSE), signature-checked, replay-guarded by id, reconnecting with backoff and jitter, catching up by a pull after each connect.
import type { CloudEvent } from '../../src/lib/contract/cloud';
import { META, getMeta, setMeta } from '../../src/lib/db/meta';
import { decides } from '../../src/lib/domain/errors';
import type { Ctx } from '../context';
import { openConflictDoc } from '../conflicts/record';
import { backoffDelay, sleep } from '../net/backoff';
import { NetError, errorText, isAbort } from '../net/errors';
import { statusError } from '../net/http';
import { applyCategoryUpdate, applyDeletion, applyProductUpdate, applyStoreConfig } from './apply';
import { cloudConn, outletPath } from './client';
import { eventKey, verifyEvent } from './signature';
import { requestSharedPull } from './shared-orders';
import { SseParser, type SseMessage } from './sse';
import { safeParseWire } from '../net/wire';

export interface StreamHooks {
	/** Runs after every (re)connect: the catch-up pull. */
	onConnect(): Promise<void>;
	onError(code: string, message: string): Promise<void>;
}

function setStream(ctx: Ctx, s: Ctx['flags']['stream']): void {
	if (ctx.flags.stream !== s) {
		ctx.flags.stream = s;
		ctx.changed();
	}
}

function messageOfBody(body: unknown): string {
	const m = (body as { message?: unknown } | null)?.message;
	return typeof m === 'string' ? m : 'Last-Event-ID is ahead of the cloud';
}

/** Applies one verified event payload. Exported for tests. */
export async function applyEvent(ctx: Ctx, id: number, ev: CloudEvent): Promise<void> {
	const now = new Date().toISOString();
	switch (ev.event) {
		case 'entity.updated':
			if (ev.entity_type === 'product') await applyProductUpdate(ctx, ev, ev.data, ev.version, ev.timestamp);
			else await applyCategoryUpdate(ctx, ev.cloud_id, ev.data, ev.version, ev.timestamp);
			break;
		case 'entity.deleted':
			await applyDeletion(ctx, ev.entity_type, ev, ev.deleted_at);
			break;
		case 'sync.conflict': {
			const c = ev.conflict;
			const cid = ev.conflict_id;
			const doc = openConflictDoc(
				{ ...c, id: cid, entity_type: ev.entity_type, cloud_id: ev.cloud_id, local_id: ev.local_id },
				now
			);
			const existing = await ctx.db.conflicts.findOne(cid).exec();
			if (!existing) await ctx.db.conflicts.insert(doc);
			else if (existing.status === 'open')
				await existing.incrementalPatch({
					field: doc.field,
					cloud_value: doc.cloud_value,
					cloud_version: doc.cloud_version,
					cloud_updated_at: doc.cloud_updated_at,
					local_value: doc.local_value,
					local_version: doc.local_version,
					local_updated_at: doc.local_updated_at,
					updated_at: now
				});
			ctx.bus.emit('conflict', {
				id: cid,
				entity_type: ev.entity_type,
				local_id: ev.local_id,
				field: c.field
			});
			break;
		}
		case 'broadcast.message':
			await ctx.db.messages.upsert({
				id: ev.message_id,
				kind: 'broadcast',
				title: ev.title,
				message: ev.message,
				level: ev.level,
				received_at: now,
				dismissed: false,
				data: null,
				updated_at: now
			});
			ctx.bus.emit('message', { id: ev.message_id, kind: 'broadcast', title: ev.title, level: ev.level });
			break;
		case 'config.updated': {
			const mid = `config-${id}`;
			// The event carries the whole merged config; the previous one lets the till say what actually changed.
			const previous = (await ctx.db.stores.findOne(ev.outlet_id).exec())?.toMutableJSON().config ?? null;
			await ctx.db.messages.upsert({
				id: mid,
				kind: 'config',
				title: 'config.updated',
				message: '',
				level: 'info',
				received_at: now,
				dismissed: false,
				data: { config: { ...ev.config }, previous },
				updated_at: now
			});
			await applyStoreConfig(ctx, ev.outlet_id, ev.config);
			ctx.bus.emit('message', { id: mid, kind: 'config', title: 'config.updated', level: 'info' });
			break;
		}
		case 'order.updated':
			// Shared open orders: another till's (or this one's) push was accepted; the pull fetches it (coalesced).
			requestSharedPull(ctx);
			break;
	}
}

/** Handles one SSE message; returns false when it was rejected (bad signature, replay, junk). */
export async function handleMessage(ctx: Ctx, key: CryptoKey, msg: SseMessage): Promise<boolean> {
	const id = Number(msg.id);
	if (!msg.id || !Number.isSafeInteger(id)) return false;
	const last = (await getMeta<number>(ctx.db, META.eventsLastId)) ?? 0;
	if (id <= last) return false;
	let outer: unknown;
	try {
		outer = JSON.parse(msg.data);
	} catch {
		return false;
	}
	const signed = await safeParseWire('SignedEventData', outer);
	if (!signed.success) return false;
	await ctx.fence.assertCurrent(); // a superseded leader's stream applies nothing
	const payloadJson = JSON.stringify(signed.data.payload);
	if (!(await verifyEvent(key, msg.id, payloadJson, signed.data.signature))) {
		await setMeta(ctx.db, META.lastError, {
			code: 'bad_signature',
			message: `event ${id} failed its signature check and was ignored`,
			at: new Date().toISOString()
		});
		return false;
	}
	const ev = await safeParseWire('CloudEvent', signed.data.payload);
	if (ev.success) await applyEvent(ctx, id, ev.data);
	else console.warn(`[kasir worker] event ${id} does not match the contract; skipped`, ev.error.issues);
	// Unknown or malformed events are skipped but still advance the cursor (signed, so genuinely from the cloud).
	await setMeta(ctx.db, META.eventsLastId, id);
	ctx.changed();
	return ev.success;
}

/** Reads the stream until `signal` aborts, reconnecting forever with backoff. */
export async function runEventStream(ctx: Ctx, hooks: StreamHooks, signal: AbortSignal): Promise<void> {
	let failures = 0;
	while (!signal.aborted) {
		setStream(ctx, 'connecting');
		// One controller per connection: the caller's signal ends everything, the idle watchdog only this connection.
		const conn = new AbortController();
		const stop = () => conn.abort();
		signal.addEventListener('abort', stop, { once: true });
		let idle: ReturnType<typeof setTimeout> | undefined;
		let wentIdle = false;
		const watch = () => {
			clearTimeout(idle);
			idle = setTimeout(() => {
				wentIdle = true;
				conn.abort();
			}, ctx.tunables.streamIdleMs);
		};
		try {
			const c = await cloudConn(ctx);
			const s = await ctx.settings();
			const key = await eventKey(s.cloud_api_key);
			const last = (await getMeta<number>(ctx.db, META.eventsLastId)) ?? 0;
			let res: Response;
			try {
				res = await ctx.fetch(outletPath(c, '/events'), {
					headers: {
						...c.headers,
						Accept: 'text/event-stream',
						...(last ? { 'Last-Event-ID': String(last) } : {})
					},
					signal: conn.signal,
					cache: 'no-store'
				});
			} catch (e) {
				if (signal.aborted) return;
				throw new NetError('offline', `event stream: ${errorText(e)}`);
			}
			if (!res.ok || !res.body) {
				let body: unknown = null;
				try {
					body = await res.json();
				} catch {
					/* not JSON */
				}
				if (res.status === 409 && (body as { error?: unknown } | null)?.error === 'last_event_id_ahead') {
					// The cloud never sent the id we hold (its event log was reset or restored): drop the cursor and
					// reconnect at once without Last-Event-ID; the pull after connecting catches up on what was missed.
					await setMeta(ctx.db, META.eventsLastId, 0);
					await hooks.onError('stream_resync', `event stream: ${messageOfBody(body)}`);
					continue;
				}
				throw statusError({ status: res.status, body, headers: res.headers }, 'event stream');
			}
			setStream(ctx, 'connected');
			failures = 0;
			watch();
			await hooks.onConnect().catch((e: unknown) => hooks.onError('pull_failed', errorText(e)));
			const parser = new SseParser();
			const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
			for (;;) {
				const { value, done } = await reader.read();
				if (done) break;
				watch();
				for (const m of parser.push(value)) await handleMessage(ctx, key, m);
			}
		} catch (e) {
			if (signal.aborted) return;
			if (wentIdle) {
				// A half-open connection (no ping for longer than the server's interval): reconnect at once.
				await hooks.onError(
					'stream_idle',
					`event stream silent for ${ctx.tunables.streamIdleMs} ms; reconnecting`
				);
				continue;
			}
			if (isAbort(e)) return;
			if (e instanceof NetError && decides('closeStream', e.code)) {
				await hooks.onError(e.code, e.message);
				setStream(ctx, 'off');
				return;
			}
			await hooks.onError(e instanceof NetError ? e.code : 'stream_error', errorText(e));
			if (e instanceof NetError && e.code === 'rate_limited') {
				setStream(ctx, 'waiting');
				await sleep(e.retryAfter * 1000, signal).catch(() => {});
				continue;
			}
		} finally {
			clearTimeout(idle);
			signal.removeEventListener('abort', stop);
		}
		if (signal.aborted) return;
		setStream(ctx, 'waiting');
		failures++;
		await sleep(backoffDelay(failures, { baseMs: 1000, maxMs: 60_000 }), signal).catch(() => {});
	}
	setStream(ctx, 'off');
}
