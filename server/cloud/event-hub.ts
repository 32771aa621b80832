// Fans events out to the open streams of this process, woken by NOTIFY from any process.
// (Skeleton: the cloud issue fills in subscribe and replay.)
import type { Db } from '../db/types.ts';

export class EventHub {
	private constructor(private readonly db: Db) {}

	static async start(db: Db): Promise<EventHub> {
		return new EventHub(db);
	}

	closeAll(): void {}

	async stop(): Promise<void> {}
}
