// Why: the manual "sync now" as an asynchronous job (seed 003): answers at once with a syncId, one job at a time across tabs, live progress, cancellable, kept as history.
import type { RxDocument } from 'rxdb';
import { META, setMeta } from '../../src/lib/db/meta';
import type { SyncJobDoc, SyncStepResult } from '../../src/lib/db/types';
import { cloudConfigured } from '../cloud/client';
import type { Ctx } from '../context';
import { decides } from '../../src/lib/domain/errors';
import { NetError, errorText, isAbort } from '../net/errors';
import { MASTER_PULL_LOCK } from '../cloud/pull';
import { MASTER_ORDER } from '../ho/pull';
import { stepsFor, type SyncScope, type SyncStep } from './steps';

export type StartSyncResult =
	| { success: true; syncId: string; status: 'in_progress'; message: string }
	| { success: false; error: 'sync_in_progress'; message: string; existingSyncId: string }
	| { success: false; error: 'not_configured' | 'unauthorized' | 'internal_server_error'; message: string };

export const JOB_LOCK = 'kasir-sync-job';

/** What is missing, in words a manager can act on; null when the scope can run. */
async function missingConfig(ctx: Ctx, steps: SyncStep[]): Promise<string | null> {
	const s = await ctx.settings();
	const miss: string[] = [];
	if (steps.some((x) => x.needs === 'ho')) {
		if (!s.ho_access && !s.ho_refresh) miss.push('log in to the head office (HO URL, username and password)');
		else if (!s.company_id) miss.push('choose the company');
	}
	if (steps.some((x) => x.needs === 'cloud') && !cloudConfigured(s))
		miss.push('choose the store and enter its cloud API key');
	return miss.length ? `Sync is not configured. On the setup page, ${miss.join('; and ')}.` : null;
}

async function runningJob(ctx: Ctx): Promise<RxDocument<SyncJobDoc> | null> {
	const docs = await ctx.db.sync_jobs
		.find({ selector: { status: 'running' }, sort: [{ started_at: 'desc' }] })
		.exec();
	return docs[0] ?? null;
}

/** A job marked running whose tab died (heartbeat stale, lock free) is closed as failed. */
async function closeOrphans(ctx: Ctx): Promise<void> {
	const now = new Date().toISOString();
	for (const d of await ctx.db.sync_jobs.find({ selector: { status: 'running' } }).exec()) {
		await d.incrementalPatch({
			status: 'failed',
			error: 'interrupted',
			message: 'The sync was interrupted (the tab that ran it closed).',
			completed_at: now,
			updated_at: now
		});
	}
}

export async function startSync(ctx: Ctx, scope: SyncScope = 'all'): Promise<StartSyncResult> {
	const steps = stepsFor(scope);
	const missing = await missingConfig(ctx, steps);
	if (missing) return { success: false, error: 'not_configured', message: missing };
	if (ctx.flags.hoAuth === 'unauthorized' && steps.some((x) => x.needs === 'ho'))
		return {
			success: false,
			error: 'unauthorized',
			message: 'The head office refused the login. Please log in again.'
		};
	if (ctx.flags.cloudAuth === 'unauthorized' && steps.some((x) => x.needs === 'cloud'))
		return {
			success: false,
			error: 'unauthorized',
			message: 'The cloud refused the API key. Please check the key on the setup page.'
		};

	return new Promise<StartSyncResult>((resolve) => {
		ctx.locks
			.request(JOB_LOCK, { ifAvailable: true }, async (held) => {
				if (!held) {
					const running = await runningJob(ctx);
					const id = running?.id ?? 'unknown';
					resolve({
						success: false,
						error: 'sync_in_progress',
						message: `Sync already in progress (${id}). Please wait for it to complete or cancel it first.`,
						existingSyncId: id
					});
					return;
				}
				await closeOrphans(ctx);
				const s = await ctx.settings();
				const now = new Date().toISOString();
				const id = `sync_${s.outlet_code || s.outlet_id || 'outlet'}_${Date.now()}`;
				const results: Record<string, SyncStepResult> = {};
				for (const st of steps) results[st.name] = { count: 0, status: 'pending', error: null };
				const doc = await ctx.db.sync_jobs.insert({
					id,
					scope,
					status: 'running',
					progress: 0,
					step: 0,
					total_steps: steps.length,
					current_step: 'Starting…',
					current_step_message: { key: 'sync.step.start', params: {}, text: 'Starting…' },
					results,
					totalUpdated: 0,
					message: null,
					error: null,
					heartbeat_at: now,
					cancel_requested: false,
					started_at: now,
					updated_at: now,
					completed_at: null
				});
				resolve({ success: true, syncId: id, status: 'in_progress', message: 'Sync started successfully' });
				await runJob(ctx, doc, steps);
			})
			.catch((e: unknown) =>
				resolve({
					success: false,
					error: 'internal_server_error',
					message: `Failed to start sync: ${errorText(e)}`
				})
			);
	});
}

/** One running job: where it writes, how it tells the tabs, and what it has gathered so far. */
interface Run {
	ctx: Ctx;
	doc: RxDocument<SyncJobDoc>;
	signal: AbortSignal;
	emit: () => void;
	total: number;
	failed: string | null;
}

/** One write of the job document: the step's result from its previous one, plus any other fields. */
async function writeStep(
	run: Run,
	name: string,
	result: (prev: SyncStepResult | undefined) => SyncStepResult,
	fields: Partial<SyncJobDoc> = {}
): Promise<void> {
	await run.doc.getLatest().incrementalModify((d) => ({
		...d,
		...fields,
		results: { ...d.results, [name]: result(d.results[name]) }
	}));
}

/** Cancellation (any tab sets the flag) and the heartbeat, until the returned function stops both. */
function watchJob(doc: RxDocument<SyncJobDoc>, abort: AbortController): () => void {
	const cancelSub = doc.$.subscribe((d) => {
		if (d.cancel_requested && !abort.signal.aborted) abort.abort(new DOMException('cancelled', 'AbortError'));
	});
	const beat = setInterval(() => {
		void doc
			.getLatest()
			.incrementalPatch({ heartbeat_at: new Date().toISOString() })
			.catch(() => {});
	}, 5000);
	return () => {
		clearInterval(beat);
		cancelSub.unsubscribe();
	};
}

/** Runs step i of n; 'stop' when the job must not go on (cancelled, or the rest would fail the same way). */
async function runStep(run: Run, step: SyncStep, i: number, n: number): Promise<'next' | 'stop'> {
	const base = (i / n) * 100;
	await writeStep(run, step.name, () => ({ count: 0, status: 'running', error: null }), {
		step: i + 1,
		progress: Math.round(base),
		current_step: step.message.text,
		current_step_message: step.message,
		heartbeat_at: new Date().toISOString(),
		updated_at: new Date().toISOString()
	});
	run.emit();
	try {
		const outcome = await step.run({
			ctx: run.ctx,
			signal: run.signal,
			progress: async (fraction, count, detail) => {
				await writeStep(
					run,
					step.name,
					() => ({ count, status: 'running', error: null, ...(detail ? { detail } : {}) }),
					{ progress: Math.round(base + (fraction * 100) / n), updated_at: new Date().toISOString() }
				);
				run.emit();
			}
		});
		const count = typeof outcome === 'number' ? outcome : outcome.count;
		const detail = typeof outcome === 'number' ? {} : { detail: outcome.detail };
		run.total += count;
		await writeStep(run, step.name, () => ({ count, status: 'success', error: null, ...detail }), {
			totalUpdated: run.total,
			updated_at: new Date().toISOString()
		});
	} catch (e) {
		if (run.signal.aborted || isAbort(e)) {
			await writeStep(run, step.name, (prev) => ({
				...(prev ?? { count: 0 }),
				status: 'cancelled',
				error: null
			}));
			return 'stop';
		}
		const msg = errorText(e);
		run.failed ??= msg;
		await writeStep(run, step.name, (prev) => ({ count: prev?.count ?? 0, status: 'failed', error: msg }), {
			updated_at: new Date().toISOString()
		});
		await setMeta(run.ctx.db, META.lastError, {
			code: e instanceof NetError ? e.code : 'sync_failed',
			message: msg,
			at: new Date().toISOString()
		});
		// Without the network or the login, the remaining steps would fail the same way.
		if (e instanceof NetError && decides('stopSyncJob', e.code)) return 'stop';
	}
	return 'next';
}

/** Closes the job: its status and message, and the steps that never ran marked cancelled or skipped. */
async function finishJob(run: Run, needsHo: boolean): Promise<void> {
	const now = new Date().toISOString();
	const cancelled = run.signal.aborted;
	const failed = run.failed;
	await run.doc.getLatest().incrementalModify((d) => ({
		...d,
		status: cancelled ? 'cancelled' : failed ? 'failed' : 'completed',
		progress: cancelled || failed ? d.progress : 100,
		error: cancelled ? null : failed,
		message: cancelled
			? 'Sync cancelled'
			: failed
				? `Sync finished with errors: ${failed}`
				: 'Sync completed successfully',
		current_step: cancelled ? 'Cancelled' : failed ? 'Failed' : 'Done',
		current_step_message: {
			key: cancelled ? 'sync.step.cancelled' : failed ? 'sync.step.failed' : 'sync.step.done',
			params: {},
			text: cancelled ? 'Cancelled' : failed ? 'Failed' : 'Done'
		},
		totalUpdated: run.total,
		results: Object.fromEntries(
			Object.entries(d.results).map(([k, v]) => [
				k,
				v.status === 'pending' || v.status === 'running'
					? { ...v, status: cancelled ? 'cancelled' : 'skipped' }
					: v
			])
		),
		completed_at: now,
		updated_at: now
	}));
	if (!failed && !cancelled && needsHo) await setMeta(run.ctx.db, META.lastMasterPull, now);
}

/** Takes `name` and holds it until the returned function is called (a second call does nothing). */
function holdLock(ctx: Ctx, name: string): Promise<() => void> {
	return new Promise((held, failed) => {
		ctx.locks
			.request(name, {}, () => new Promise<void>((release) => held(release)))
			.catch((e: unknown) => failed(e instanceof Error ? e : new Error(String(e))));
	});
}

async function runJob(ctx: Ctx, doc: RxDocument<SyncJobDoc>, steps: SyncStep[]): Promise<void> {
	const abort = new AbortController();
	const run: Run = {
		ctx,
		doc,
		signal: abort.signal,
		emit: () => ctx.bus.emit('job-progress', doc.getLatest().toMutableJSON()),
		total: 0,
		failed: null
	};
	const stopWatching = watchJob(doc, abort);
	// The master steps hold the master pull's lock: a cloud pull applies its pages after them, when the products they
	// stored are skipped unread (worker/cloud/pull.ts).
	const lastMaster = steps.findLastIndex((s) => (MASTER_ORDER as readonly string[]).includes(s.name));
	let releaseMaster: (() => void) | null = null;
	try {
		if (lastMaster >= 0) releaseMaster = await holdLock(ctx, MASTER_PULL_LOCK);
		for (const [i, step] of steps.entries()) {
			if (abort.signal.aborted) break;
			const next = await runStep(run, step, i, steps.length);
			if (i === lastMaster) releaseMaster?.();
			if (next === 'stop') break;
			run.emit();
		}
	} finally {
		releaseMaster?.();
		stopWatching();
		await finishJob(
			run,
			steps.some((s) => s.needs === 'ho')
		);
		run.emit();
	}
}

/** Any tab may cancel: the flag is in the shared database and the running tab watches it. */
export async function cancelSync(
	ctx: Ctx,
	syncId: string
): Promise<{ success: boolean; error?: string; message: string }> {
	const doc = await ctx.db.sync_jobs.findOne(syncId).exec();
	if (!doc) return { success: false, error: 'not_found', message: `No sync ${syncId}.` };
	if (doc.status !== 'running')
		return { success: false, error: 'not_running', message: `Sync ${syncId} is ${doc.status}.` };
	await doc.incrementalPatch({ cancel_requested: true, updated_at: new Date().toISOString() });
	return { success: true, message: 'Cancelling…' };
}
