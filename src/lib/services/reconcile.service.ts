// Why: the manager's reconciliation actions: check a business day against the cloud now, or send its differing orders again.
import { boot } from '$lib/app/boot';
import type { ReconciliationDoc } from '$lib/db';
import { t } from '$lib/i18n/i18n.svelte';
import { reconciliation } from '$lib/managers/reconciliation.svelte';
import { toasts } from '$lib/managers/toast.svelte';
import { handleError } from './error.service';

/** Reconciles one business day (offline it is kept as pending and rerun after the next sync). */
export async function checkDay(date: string): Promise<ReconciliationDoc | null> {
	reconciliation.checking = [...reconciliation.checking, date];
	try {
		const { worker } = await boot();
		return await worker.api.reconcileDay(date);
	} catch (e) {
		handleError(e, 'reconcile');
		return null;
	} finally {
		reconciliation.checking = reconciliation.checking.filter((d) => d !== date);
	}
}

/** Re-pushes orders through the normal idempotent path (a new version, pending again). */
export async function sendAgain(date: string, localIds: string[]): Promise<void> {
	try {
		const { worker } = await boot();
		const n = await worker.api.resendOrders(date, localIds);
		toasts.show(t('rc.sent', { n }), 'success');
	} catch (e) {
		handleError(e, 'send again');
	}
}
