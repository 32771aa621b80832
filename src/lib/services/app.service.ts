// Why: starts the app once (database, worker, live state) and is the only place the UI reaches the worker through comlink.
import { boot, type App } from '$lib/app/boot';
import type { KasirDatabase } from '$lib/db/database';
import type { CodedError, Result } from '$lib/domain/result';
import { loadPublicSettings, type ConnectionSettings } from '$lib/settings/store';
import type { DoctorReport, DoctorRequest, SyncScope } from '$lib/worker-client';
import { app } from '$lib/managers/app.svelte';
import { catalog } from '$lib/managers/catalog.svelte';
import { conflicts } from '$lib/managers/conflicts.svelte';
import { firstScreen } from '$lib/managers/first-screen.svelte';
import { messages } from '$lib/managers/messages.svelte';
import { syncJobs } from '$lib/managers/sync-jobs.svelte';
import { storeClient, type StoreClient } from '$lib/store-client';
import { AppError } from './error.service';
import { startSales } from './order.service';
import { attachSales } from './sales-client';

let started: App | null = null;
/** The worker's store area: the selling screen's managers read through it, not through the database. */
let store: StoreClient | null = null;

function worker(): App['worker'] {
	if (!started) throw new AppError('not_ready');
	return started.worker;
}

/** Boots the database and the worker and wires their state into the managers. */
export async function startApp(): Promise<void> {
	if (started) return;
	performance.mark('kasir:boot:start');
	// The settings live in a small store of their own: read while the database opens.
	const settings = loadPublicSettings();
	settings.catch(() => undefined); // awaited (and its failure shown) by app.attach
	// The worker opens (and migrates) the database; the UI thread opens none (the other screens open their own, lazily).
	const booted = await boot();
	void booted.ready.then(() => performance.mark('kasir:boot:db'));
	started = booted;
	store = storeClient(booted.worker.api);
	// The catalogue's first window is queried while the start-up work below runs.
	catalog.attach(store, null);
	app.onStore = (store) => catalog.setBrand(store?.brand_id ?? null);
	// The selling screen's writes (the draft, order numbers, the paid order) are the worker's.
	attachSales(booted.worker.api);
	// Start-up repair and this tab's cart draft, before the selling screen shows (the shell waits for them).
	const sales = startSales().then(() => performance.mark('kasir:boot:sales'));
	// A worker that failed to open the database fails the boot (its error shown) instead of leaving the shell waiting.
	await app.attach(store, { settings, before: Promise.all([sales, booted.ready]) });
	performance.mark('kasir:boot:ready');
	firstScreen.watch();
	syncJobs.attach(store);
	conflicts.attach(store);
	attachMessages();
	booted.worker.on('sync-state', (s) => (app.replication = s));
	if (booted.worker.state) app.replication = booted.worker.state;
	booted.worker.on('job-progress', (job) => syncJobs.apply(job));
}

/** Re-reads settings after the wizard or the settings page changed them, and refilters the catalogue by brand. */
export async function refreshSettings(): Promise<void> {
	// The store document (and with it the catalogue's brand filter) follows the new store id.
	await app.reloadSettings();
	attachMessages();
}

/**
 * Wires a screen's own manager (shift, reconciliation: loaded with their screens) to the UI thread's database, which
 * the screen's route `load` opened (`openScreenDatabase`), so screens get state and never the database.
 */
export function attachScreenState(manager: { attach(db: KasirDatabase): void }): void {
	if (app.db) manager.attach(app.db);
}

/**
 * A screen other than selling reads the database on the UI thread: its route's `load` awaits this, so its components
 * find `app.db` open. The first call loads RxDB's chunk and opens the UI's instance after the worker's open.
 */
export async function openScreenDatabase(): Promise<KasirDatabase> {
	return app.database();
}

/** Messages follow the store once the till is set up, as the banner did (a config change that arrives during set-up does not toast). */
function attachMessages(): void {
	if (store && app.configured) messages.attach(store);
}

function unwrap<T>(r: Result<T, CodedError>): T {
	if (!r.ok) throw new AppError(r.error.code, r.error.message);
	return r.value;
}

export async function hoLogin(hoUrl: string, username: string, password: string) {
	return unwrap(await worker().api.login(hoUrl, username, password));
}
export async function listCompanies() {
	return unwrap(await worker().api.listCompanies());
}
export async function listBrands(companyId: string) {
	return unwrap(await worker().api.listBrands(companyId));
}
export async function listStores(companyId: string) {
	return unwrap(await worker().api.listStores(companyId));
}
export async function testCloud(cloudUrl: string, outletId: string, outletCode: string, apiKey: string) {
	return unwrap(await worker().api.testCloud(cloudUrl, outletId, outletCode, apiKey));
}
export async function registerDevice(
	cloudUrl: string,
	outletId: string,
	outletCode: string,
	apiKey: string,
	deviceCode: string
) {
	return unwrap(await worker().api.registerDevice(cloudUrl, outletId, outletCode, apiKey, deviceCode));
}
export async function saveConnection(
	values: Partial<ConnectionSettings> & { cloud_api_key?: string }
): Promise<void> {
	await worker().api.saveSettings(values);
}

/** Starts a sync job (seed 003): resolves with its id at once; progress arrives as events. */
export async function startSync(scope: SyncScope = 'all'): Promise<string> {
	const r = await worker().api.startSync(scope);
	if (!r.success) {
		if (r.error === 'sync_in_progress') {
			syncJobs.currentId = r.existingSyncId;
			return r.existingSyncId;
		}
		throw new AppError(r.error, r.message);
	}
	syncJobs.currentId = r.syncId;
	return r.syncId;
}

export async function cancelSync(syncId: string): Promise<void> {
	await worker().api.cancelSync(syncId);
}

export async function pushNow(): Promise<void> {
	await worker().api.pushNow();
}

/** Runs the connection doctor in the worker (every check the browser can observe; nothing is stored). */
export async function runDoctor(req: DoctorRequest = {}): Promise<DoctorReport> {
	return worker().api.runDoctor(req);
}
