// What every route module receives: the database, the settings, and the event hub.
import type { ServerConfig } from './config.ts';
import type { Db } from './db/types.ts';
import type { EventHub } from './cloud/event-hub.ts';

export interface Deps {
	db: Db;
	config: ServerConfig;
	hub: EventHub;
}
