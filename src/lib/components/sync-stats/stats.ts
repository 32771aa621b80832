// Why: how the sync-statistics panel words what it shows (what to do about an error code, byte sizes); the read itself is `services/sync-stats.service.ts`.

export function formatBytes(n: number, locale = 'id-ID'): string {
	const units = ['B', 'KB', 'MB', 'GB', 'TB'];
	let i = 0;
	let v = n;
	while (v >= 1024 && i < units.length - 1) {
		v /= 1024;
		i++;
	}
	return `${new Intl.NumberFormat(locale, { maximumFractionDigits: i ? 1 : 0 }).format(v)} ${units[i]}`;
}
