// Why: the doctor's codes become sentences here, once, for the PWA table, its "copy report" and the command line.
import type { CheckStatus, DoctorCheck, DoctorCode, DoctorReport } from '../../../../worker/doctor/types';
import { translate, type Language, type MessageKey } from '../../i18n/dictionary';

/** Fails the type check when a doctor code has no sentence in the dictionary. */
function sentenceKey(code: DoctorCode): MessageKey {
	const key: MessageKey = `doctor.${code}`;
	return key;
}

export const STATUS_MARK: Record<CheckStatus, string> = { pass: '✓', fail: '✗', warn: '!', skip: '–' };

export function checkSentence(lang: Language, check: DoctorCheck): string {
	return translate(lang, sentenceKey(check.code), check.params);
}

export function failedRequired(report: DoctorReport): number {
	return report.checks.filter((c) => c.required && c.status === 'fail').length;
}

export function reportSummary(lang: Language, report: DoctorReport): string {
	const failed = failedRequired(report);
	const n = report.checks.length;
	return failed === 0
		? translate(lang, 'doctor.summaryOk', { n, ms: report.ms })
		: translate(lang, 'doctor.summaryFail', { failed, n, ms: report.ms });
}

/** The plain-text table support asks for (one line a check, like the field report's ✓/✗ list). */
export function reportText(lang: Language, report: DoctorReport): string {
	const width = Math.min(60, Math.max(...report.checks.map((c) => c.target.length), 10));
	const lines = [
		`Kasir connection doctor — ${report.startedAt} (${report.runner})`,
		`HO: ${report.hoUrl}${report.cloudUrl ? `  cloud: ${report.cloudUrl}` : ''}`,
		''
	];
	for (const c of report.checks) {
		const ms = c.ms === null ? '' : ` (${c.ms} ms)`;
		lines.push(`${STATUS_MARK[c.status]} ${c.target.padEnd(width)}  ${checkSentence(lang, c)}${ms}`);
	}
	lines.push('', reportSummary(lang, report));
	return lines.join('\n');
}
