// Why: the doctor's handler for the PWA: runs the shared checks from the worker with what the browser can observe (no DNS/TLS), filling gaps from saved settings.
import type { Ctx } from '../context';
import type { EdgeStatusReport } from './edge-status';
// The checks (and MD5, the HO client and the edge probe) load on first use: the doctor is rare and must not weigh on the worker's start.
import type { DoctorEdges, DoctorInput } from './checks';
import type { DoctorReport } from './types';

/** What the wizard knows before anything is saved; settings fill whatever is left out. */
export interface DoctorRequest {
	hoUrl?: string;
	username?: string;
	password?: string;
	companyId?: string;
	storeId?: string;
	cloud?: { url: string; key: string; outletId: string; outletCode: string };
}

export async function browserEdges(ctx: Ctx): Promise<DoctorEdges> {
	const { md5Hex } = await import('../photos/md5');
	return { fetch: ctx.fetch, now: () => Date.now(), md5: md5Hex, runner: 'browser' };
}

export function doctorHandlers(ctx: Ctx) {
	return {
		/** Whether the configured HO/cloud address is an outlet edge, and the edge's upstream state and backlog. */
		edgeStatus: async (): Promise<EdgeStatusReport> => (await import('./edge-status')).edgeStatus(ctx),
		/** Runs every check the browser can; never stores data (push and batch are left to the command line). */
		async runDoctor(req: DoctorRequest = {}): Promise<DoctorReport> {
			let s = await ctx.settings();
			const hoUrl = req.hoUrl || s.ho_url || ctx.origin;
			let auth: DoctorInput['auth'];
			if (req.username && req.password) auth = { username: req.username, password: req.password };
			else {
				// The saved session: one authorised call through the app's own client refreshes an expired token.
				const { hoRequest } = await import('../ho/client');
				await hoRequest(ctx, '/api/sync/companies/?limit=1', 'CompaniesPage').catch(() => undefined);
				s = await ctx.settings();
				auth = { access: s.ho_access };
			}
			const outletId = s.outlet_id || s.store_id;
			const cloud =
				req.cloud ??
				(s.cloud_api_key && outletId
					? { url: s.cloud_url || ctx.origin, key: s.cloud_api_key, outletId, outletCode: s.outlet_code }
					: undefined);
			const { runDoctor } = await import('./checks');
			return runDoctor(
				{
					hoUrl,
					auth,
					companyId: req.companyId || s.company_id || undefined,
					store: req.storeId || s.store_id || undefined,
					cloud: cloud ? { ...cloud, url: cloud.url || ctx.origin } : undefined,
					appOrigin: ctx.origin,
					write: false
				},
				await browserEdges(ctx)
			);
		}
	};
}
export type DoctorApi = ReturnType<typeof doctorHandlers>;
