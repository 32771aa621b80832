// Why: the manager's reports over local data (offline): a business day or range in the outlet's zone, and its CSV download.
import { buildSalesReport, REPORT_STORED_MEASURE } from '$lib/db';
import { businessDate } from '$lib/domain/business-day';
import type { SalesReport } from '$lib/domain/report';
import { reportCsv } from '$lib/domain/report';
import { app } from '$lib/managers/app.svelte';
import { AppError } from './error.service';

export async function runReport(from: string, to: string): Promise<SalesReport> {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(from) || !/^\d{4}-\d{2}-\d{2}$/.test(to) || to < from)
		throw new AppError('invalid_range');
	const start = performance.now();
	const today = businessDate(Date.now(), app.timeZone, app.dayStart);
	const { report, stats, written } = await buildSalesReport(app.requireDb(), from, to, app.timeZone, today);
	// The bench reads this measure (query to figures, before the paint) with what the report read.
	performance.measure('kasir:report', { start, detail: { from, to, ...stats } });
	// The day partials are stored after the figures are shown; the bench reads this one for the write's time. A failed
	// write only costs the next report a longer read (its partials stay at their older stamps).
	written
		.then((stored) =>
			performance.measure(REPORT_STORED_MEASURE, { start, detail: { stored, ms: stats.ms.write } })
		)
		.catch(() => undefined);
	return report;
}

/** Starts a browser download of the report as CSV. */
export function downloadCsv(report: SalesReport): void {
	const blob = new Blob([reportCsv(report)], { type: 'text/csv;charset=utf-8' });
	const url = URL.createObjectURL(blob);
	const a = document.createElement('a');
	a.href = url;
	a.download = `kasir-report-${report.from}_${report.to}.csv`;
	document.body.appendChild(a);
	a.click();
	a.remove();
	setTimeout(() => URL.revokeObjectURL(url), 1000);
}
