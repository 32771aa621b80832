// Why: connection settings and secrets live in idb-keyval (readable by the worker and the service worker), never in RxDB, page globals or logs.
import { createStore, del, get, getMany, set, setMany, type UseStore } from 'idb-keyval';

export interface ConnectionSettings {
	/** Head office base URL, e.g. http://localhost:8000 (empty = same origin). */
	ho_url: string;
	/** Cloud base URL (empty = same origin). */
	cloud_url: string;
	company_id: string;
	brand_id: string;
	store_id: string;
	/** The store's id seen from the cloud (= store_id). */
	outlet_id: string;
	outlet_code: string;
	/** This till's code within the outlet (order numbers ORD-<day>-<OUTLET>-<DEVICE>-<nnnn>), registered with the cloud at setup. */
	device_code: string;
	language: 'id' | 'en';
}

export interface Secrets {
	ho_access: string;
	ho_refresh: string;
	/** HO user who logged in (display only). */
	ho_username: string;
	cloud_api_key: string;
	manager_pin_hash: string;
}

export type SettingKey = keyof ConnectionSettings | keyof Secrets;
export type SettingValue<K extends SettingKey> = K extends keyof ConnectionSettings
	? ConnectionSettings[K]
	: K extends keyof Secrets
		? Secrets[K]
		: never;
export type AllSettings = ConnectionSettings & Secrets;

export const SETTINGS_DB = 'kasir-settings';
export const SETTINGS_STORE = 'settings';

const connectionKeys = [
	'ho_url',
	'cloud_url',
	'company_id',
	'brand_id',
	'store_id',
	'outlet_id',
	'outlet_code',
	'device_code',
	'language'
] as const;
const secretKeys = ['ho_access', 'ho_refresh', 'ho_username', 'cloud_api_key', 'manager_pin_hash'] as const;

let store: UseStore | undefined;

/** Tests in Node point this at fake-indexeddb's store; the browser uses the default. */
export function settingsStore(custom?: UseStore): UseStore {
	if (custom) store = custom;
	store ??= createStore(SETTINGS_DB, SETTINGS_STORE);
	return store;
}

export async function getSetting<K extends SettingKey>(key: K): Promise<SettingValue<K> | undefined> {
	return get<SettingValue<K>>(key, settingsStore());
}

export async function setSetting<K extends SettingKey>(key: K, value: SettingValue<K>): Promise<void> {
	await set(key, value, settingsStore());
}

/** Writes several keys at once; `undefined` values are deleted. */
export async function saveSettings(values: Partial<AllSettings>): Promise<void> {
	const entries = Object.entries(values) as [SettingKey, unknown][];
	await setMany(
		entries.filter(([, v]) => v !== undefined),
		settingsStore()
	);
	for (const [k, v] of entries) if (v === undefined) await del(k, settingsStore());
}

export async function clearSetting(key: SettingKey): Promise<void> {
	await del(key, settingsStore());
}

/** Everything, with empty strings for what is not set. */
export async function loadSettings(): Promise<AllSettings> {
	const keys = [...connectionKeys, ...secretKeys];
	const values = await getMany<string | undefined>([...keys], settingsStore());
	const out: Record<string, string> = {};
	keys.forEach((k, i) => (out[k] = values[i] ?? ''));
	const lang = out.language === 'en' ? 'en' : 'id';
	return { ...(out as unknown as AllSettings), language: lang };
}

/** Public view for the UI: which secrets are set, never their values. */
export async function loadPublicSettings(): Promise<
	ConnectionSettings & {
		has_ho_login: boolean;
		has_cloud_key: boolean;
		has_manager_pin: boolean;
		ho_username: string;
	}
> {
	const s = await loadSettings();
	return {
		ho_url: s.ho_url,
		cloud_url: s.cloud_url,
		company_id: s.company_id,
		brand_id: s.brand_id,
		store_id: s.store_id,
		outlet_id: s.outlet_id,
		outlet_code: s.outlet_code,
		device_code: s.device_code,
		language: s.language,
		ho_username: s.ho_username,
		has_ho_login: s.ho_refresh !== '' || s.ho_access !== '',
		has_cloud_key: s.cloud_api_key !== '',
		has_manager_pin: s.manager_pin_hash !== ''
	};
}
