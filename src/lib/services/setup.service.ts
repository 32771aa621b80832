// Why: the wizard's steps as actions: each failure becomes a specific sentence (wrong password, HO unreachable, store not found).
import { setup } from '$lib/managers/setup.svelte';
import type { Params } from '$lib/i18n/dictionary';
import { describeError, type ErrorContext } from './error.service';
import {
	hoLogin,
	listBrands,
	listCompanies,
	listStores,
	refreshSettings,
	registerDevice,
	saveConnection,
	startSync,
	testCloud
} from './app.service';
import { normalizeDeviceCode } from '$lib/domain/order';
import { isValidPin, saveManagerPin } from './pin.service';
import type { DoctorRequest } from '$lib/worker-client';
import { firstScreen } from '$lib/managers/first-screen.svelte';

/** Runs a wizard step; a failure becomes the step's sentence for its code (`errorSentence`'s context). */
async function step(fn: () => Promise<void>, context?: ErrorContext, params?: () => Params): Promise<void> {
	setup.busy = true;
	setup.error = '';
	try {
		await fn();
	} catch (e) {
		setup.error = describeError(e, context, params?.());
		console.warn('[kasir] setup', e);
	} finally {
		setup.busy = false;
	}
}

export function loginStep(): Promise<void> {
	return step(async () => {
		const who = await hoLogin(setup.hoUrl.trim(), setup.username.trim(), setup.password);
		setup.companies = await listCompanies();
		setup.companyId = who.company_id || setup.companies[0]?.id || '';
		if (setup.companyId) await chooseCompany(setup.companyId);
		setup.step = 'store';
	}, 'login');
}

export async function chooseCompany(companyId: string): Promise<void> {
	setup.companyId = companyId;
	const [brands, stores] = await Promise.all([listBrands(companyId), listStores(companyId)]);
	setup.brands = brands;
	setup.stores = stores;
	if (!brands.some((b) => b.id === setup.brandId)) setup.brandId = brands[0]?.id ?? '';
	if (!setup.storesOfBrand.some((s) => s.id === setup.storeId))
		setup.storeId = setup.storesOfBrand[0]?.id ?? '';
}

export function companyStep(companyId: string): Promise<void> {
	return step(() => chooseCompany(companyId));
}

export function storeStep(): Promise<void> {
	return step(async () => {
		if (!setup.store) throw Object.assign(new Error('store not found'), { code: 'store_not_found' });
		setup.step = 'cloud';
	});
}

export function cloudStep(): Promise<void> {
	return step(
		async () => {
			const store = setup.store;
			if (!store) throw Object.assign(new Error('store not found'), { code: 'store_not_found' });
			await testCloud(setup.cloudUrl.trim(), store.id, store.code, setup.apiKey.trim());
			const wanted = setup.deviceCode.trim().toUpperCase();
			if (wanted && !normalizeDeviceCode(wanted))
				throw Object.assign(new Error('device code'), { code: 'device_code_invalid' });
			const reg = await registerDevice(
				setup.cloudUrl.trim(),
				store.id,
				store.code,
				setup.apiKey.trim(),
				wanted
			);
			setup.deviceCode = reg.device_code;
			setup.step = 'pin';
		},
		'cloud',
		() => ({ code: setup.deviceCode.trim().toUpperCase() })
	);
}

/** Saves everything (connection, key, PIN hash) and starts the first full sync. */
export function finishStep(): Promise<void> {
	return step(async () => {
		if (!isValidPin(setup.pin)) throw Object.assign(new Error('pin'), { code: 'pin_short' });
		if (setup.pin !== setup.pin2) throw Object.assign(new Error('pin'), { code: 'pin_mismatch' });
		const store = setup.store;
		if (!store) throw Object.assign(new Error('store not found'), { code: 'store_not_found' });
		// The cold start's snapshot shows the outlet set up before: forgotten before the new one is saved.
		firstScreen.forget();
		await saveConnection({
			ho_url: setup.hoUrl.trim(),
			cloud_url: setup.cloudUrl.trim(),
			company_id: setup.companyId,
			brand_id: setup.brandId,
			store_id: store.id,
			outlet_id: store.id,
			outlet_code: store.code,
			device_code: setup.deviceCode,
			cloud_api_key: setup.apiKey.trim()
		});
		await saveManagerPin(setup.pin);
		setup.pin = '';
		setup.pin2 = '';
		setup.step = 'sync';
		setup.syncId = await startSync('all');
		await refreshSettings();
		firstScreen.resume();
	}, 'pin');
}

export function retrySync(): Promise<void> {
	return step(async () => {
		setup.syncId = await startSync('all');
	});
}

/** What the doctor needs from the wizard's answers (nothing is saved yet when an early step fails). */
export function wizardDoctorRequest(): DoctorRequest {
	const store = setup.store;
	const key = setup.apiKey.trim();
	return {
		hoUrl: setup.hoUrl.trim() || undefined,
		username: setup.username.trim() || undefined,
		password: setup.password || undefined,
		companyId: setup.companyId || undefined,
		storeId: setup.storeId || undefined,
		cloud:
			store && key
				? { url: setup.cloudUrl.trim(), key, outletId: store.id, outletCode: store.code }
				: undefined
	};
}
