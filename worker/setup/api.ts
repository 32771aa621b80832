// Why: the setup wizard's handlers: HO login, the company/brand/store lists to choose from, saving the connection, checking the cloud key.
import type { Brand, Company, Store } from '../../src/lib/contract/ho';
import type { ConnectionSettings } from '../../src/lib/settings/store';
import { loadPublicSettings } from '../../src/lib/settings/store';
import type { Ctx } from '../context';
import { hoLogin, hoRequest } from '../ho/client';
import { NetError, errorText } from '../net/errors';
import { requestJson, joinUrl, statusError } from '../net/http';
import { CloudErrorBody, DeviceRegisterResponse } from '../../src/lib/contract/cloud';
import { getMeta, META, setMeta } from '../../src/lib/db/meta';
import type { CodedError, Err, Result } from '../../src/lib/domain/result';

function fail(e: unknown): Err<CodedError> {
	return {
		ok: false,
		error: { code: e instanceof NetError ? e.code : 'internal_error', message: errorText(e) }
	};
}

async function allPages<T>(
	fetchPage: (since: string | null) => Promise<{ rows: T[]; checkpoint: string | null; has_more: boolean }>
): Promise<T[]> {
	const out: T[] = [];
	let since: string | null = null;
	for (;;) {
		const p = await fetchPage(since);
		out.push(...p.rows);
		if (!p.has_more || p.rows.length === 0) return out;
		since = p.checkpoint;
	}
}

const q = (companyId: string | null, since: string | null) => {
	const p = new URLSearchParams({ limit: '1000' });
	if (companyId) p.set('company_id', companyId);
	if (since) p.set('since', since);
	return p.toString();
};

export interface PublicSettingsInput extends Partial<ConnectionSettings> {
	cloud_api_key?: string;
}

export function setupHandlers(ctx: Ctx, onSettingsChanged: () => void) {
	return {
		/** Logs in to the HO; tokens stay in the worker's settings store. */
		async login(
			hoUrl: string,
			username: string,
			password: string
		): Promise<Result<{ username: string; company_id: string }, CodedError>> {
			try {
				await hoLogin(ctx, hoUrl || ctx.origin, username, password);
				const s = await ctx.settings();
				onSettingsChanged();
				return { ok: true, value: { username, company_id: s.company_id } };
			} catch (e) {
				return fail(e);
			}
		},
		async logout(): Promise<void> {
			await ctx.saveSettings({ ho_access: undefined, ho_refresh: undefined });
			ctx.flags.hoAuth = 'unknown';
			ctx.changed();
		},
		async listCompanies(): Promise<Result<Company[], CodedError>> {
			try {
				const s = await ctx.settings();
				const rows = await allPages(async (since) => {
					const d = (
						await hoRequest(ctx, `/api/sync/companies/?${q(s.company_id || null, since)}`, 'CompaniesPage')
					).data;
					return { rows: d.companies, checkpoint: d.checkpoint, has_more: d.has_more };
				});
				return { ok: true, value: rows.filter((r) => !r.is_deleted) };
			} catch (e) {
				return fail(e);
			}
		},
		async listBrands(companyId: string): Promise<Result<Brand[], CodedError>> {
			try {
				const rows = await allPages(async (since) => {
					const d = (await hoRequest(ctx, `/api/sync/brands/?${q(companyId, since)}`, 'BrandsPage')).data;
					return { rows: d.brands, checkpoint: d.checkpoint, has_more: d.has_more };
				});
				return { ok: true, value: rows.filter((r) => !r.is_deleted) };
			} catch (e) {
				return fail(e);
			}
		},
		async listStores(companyId: string): Promise<Result<Store[], CodedError>> {
			try {
				const rows = await allPages(async (since) => {
					const d = (await hoRequest(ctx, `/api/sync/stores/?${q(companyId, since)}`, 'StoresPage')).data;
					return { rows: d.stores, checkpoint: d.checkpoint, has_more: d.has_more };
				});
				return { ok: true, value: rows.filter((r) => !r.is_deleted) };
			} catch (e) {
				return fail(e);
			}
		},
		/** Saves connection settings (and the cloud key); the store id is also the cloud outlet id. */
		async saveSettings(values: PublicSettingsInput): Promise<void> {
			const v = { ...values };
			if (v.store_id && !v.outlet_id) v.outlet_id = v.store_id;
			await ctx.saveSettings(v);
			if (values.cloud_api_key !== undefined) ctx.flags.cloudAuth = 'unknown';
			ctx.changed();
			onSettingsChanged();
		},
		/** Settings without secrets: which ones are set, never their values. */
		getSettings: () => loadPublicSettings(),
		/** Checks an outlet id + API key against the cloud (without saving them). */
		async testCloud(
			cloudUrl: string,
			outletId: string,
			outletCode: string,
			apiKey: string
		): Promise<Result<{ status: number }, CodedError>> {
			try {
				const url = joinUrl(
					cloudUrl || ctx.origin,
					`/api/v1/outlets/${encodeURIComponent(outletId)}/updates?since=${encodeURIComponent(new Date().toISOString())}`
				);
				const r = await requestJson(ctx.fetch, url, {
					headers: { Authorization: `Bearer ${apiKey}`, 'X-Outlet-ID': outletId, 'X-Outlet-Code': outletCode }
				});
				if (r.status === 200) return { ok: true, value: { status: 200 } };
				if (r.status === 401)
					return { ok: false, error: { code: 'unauthorized', message: 'The cloud refused this API key.' } };
				if (r.status === 403)
					return {
						ok: false,
						error: { code: 'forbidden', message: 'This API key belongs to another outlet.' }
					};
				return { ok: false, error: { code: 'http_error', message: `The cloud answered HTTP ${r.status}.` } };
			} catch (e) {
				return fail(e);
			}
		},
		/**
		 * Registers this till's device code with the cloud (extension of the cloud contract): an empty code lets the cloud assign
		 * the first free one; a code another till of the outlet holds answers device_code_taken.
		 */
		async registerDevice(
			cloudUrl: string,
			outletId: string,
			outletCode: string,
			apiKey: string,
			deviceCode: string
		): Promise<Result<{ device_code: string }, CodedError>> {
			try {
				let deviceId = await getMeta<string>(ctx.db, META.deviceId);
				if (!deviceId) {
					deviceId = crypto.randomUUID();
					await setMeta(ctx.db, META.deviceId, deviceId);
				}
				const url = joinUrl(
					cloudUrl || ctx.origin,
					`/api/v1/outlets/${encodeURIComponent(outletId)}/devices`
				);
				const r = await requestJson(ctx.fetch, url, {
					method: 'POST',
					headers: {
						Authorization: `Bearer ${apiKey}`,
						'X-Outlet-ID': outletId,
						'X-Outlet-Code': outletCode
					},
					body: deviceCode ? { device_id: deviceId, device_code: deviceCode } : { device_id: deviceId }
				});
				const parsed = DeviceRegisterResponse.safeParse(r.body);
				if (r.status === 200 && parsed.success)
					return { ok: true, value: { device_code: parsed.data.data.device_code } };
				const err = CloudErrorBody.safeParse(r.body);
				if (r.status === 409)
					return {
						ok: false,
						error: { code: 'device_code_taken', message: err.success ? err.data.message : 'taken' }
					};
				if (r.status === 400)
					return {
						ok: false,
						error: { code: 'device_code_invalid', message: err.success ? err.data.message : 'invalid' }
					};
				throw statusError(r, 'device registration');
			} catch (e) {
				return fail(e);
			}
		}
	};
}
export type SetupApi = ReturnType<typeof setupHandlers>;
