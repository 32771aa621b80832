// Demo data on first start. Skeleton: filled in by the HO issue.
import type { Db } from '../db/types.ts';

export interface DemoInfo {
	username: string;
	password: string;
	outletCode: string;
	outletId: string;
	apiKey: string;
}

export async function seedDemo(_db: Db): Promise<DemoInfo | null> {
	return null;
}
