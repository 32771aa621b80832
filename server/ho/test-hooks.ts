// Fault injection for tests (KASIR_TEST_HOOKS=1 only): make the next N downloads of a photo corrupt.
const pending = new Map<string, number>();

export const testHooksEnabled = () => process.env.KASIR_TEST_HOOKS === '1';

export function corruptNextDownloads(photoId: string, count: number): void {
	pending.set(photoId, (pending.get(photoId) ?? 0) + count);
}

/** True when this download must send altered bytes; counts one down. */
export function takeCorruption(photoId: string): boolean {
	const n = pending.get(photoId) ?? 0;
	if (n <= 0) return false;
	if (n === 1) pending.delete(photoId);
	else pending.set(photoId, n - 1);
	return true;
}
