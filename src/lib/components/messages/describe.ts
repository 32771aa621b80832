// Why: a config event is data (rates, footer, intervals); the cashier reads what changed as sentences ("Pajak diubah menjadi 11%").
import type { MessageDoc } from '$lib/db';
import { ct } from '$lib/components/conflicts/strings';

const pct = (n: unknown) => (typeof n === 'number' ? new Intl.NumberFormat('id-ID', { maximumFractionDigits: 2 }).format(n) : String(n));

export function describeConfig(config: Record<string, unknown> | null): string[] {
	if (!config) return [ct('msg.config')];
	const out: string[] = [];
	if ('tax_rate' in config) out.push(ct('msg.tax', { rate: pct(config.tax_rate) }));
	if ('service_rate' in config) out.push(ct('msg.service', { rate: pct(config.service_rate) }));
	if ('receipt_footer' in config) out.push(ct('msg.footer', { text: String(config.receipt_footer ?? '') }));
	if ('rounding' in config) out.push(ct('msg.rounding', { n: pct(config.rounding) }));
	if ('sync_intervals' in config) out.push(ct('msg.intervals'));
	return out.length ? out : [ct('msg.config')];
}

/** Title and body as the banner and the list show them. */
export function messageText(m: Pick<MessageDoc, 'kind' | 'title' | 'message' | 'data'>): { title: string; body: string } {
	if (m.kind === 'config') return { title: ct('msg.config'), body: describeConfig(m.data).join(' · ') };
	return { title: m.title, body: m.message };
}
