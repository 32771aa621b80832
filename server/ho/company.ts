// Tenant checks shared by the HO routes: a token reaches its own company's data only.
import type { Queryable } from '../db/types.ts';
import { HttpError } from '../http/envelope.ts';

/** 404 for an unknown company, 403 for another company's. */
export async function assertCompany(q: Queryable, companyId: string, tokenCompanyId: string): Promise<void> {
	const { rows } = await q.query('select 1 from companies where id = $1', [companyId]);
	if (!rows.length) throw new HttpError(404, 'not_found', 'Company not found');
	if (companyId !== tokenCompanyId)
		throw new HttpError(403, 'forbidden', 'You do not have access to this company');
}

/** The store's company, after the same 404/403 rules ("Store not found" as seed 002 says). */
export async function assertStore(
	q: Queryable,
	storeId: string,
	tokenCompanyId: string
): Promise<{ companyId: string }> {
	const { rows } = await q.query<{ company_id: string }>(
		'select company_id from stores where id = $1 and not is_deleted',
		[storeId]
	);
	const row = rows[0];
	if (!row) throw new HttpError(404, 'not_found', 'Store not found');
	if (row.company_id !== tokenCompanyId)
		throw new HttpError(403, 'forbidden', 'You do not have access to this store');
	return { companyId: row.company_id };
}
