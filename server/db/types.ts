// The one database interface the server uses, so PGlite and PostgreSQL are interchangeable.
export type Row = Record<string, unknown>;

export interface QueryOptions {
	/**
	 * A name for a statement whose text never changes (hot paths): PostgreSQL parses and plans it once per connection
	 * and each call only binds the parameters. PGlite ignores it.
	 */
	name?: string;
}

export interface Queryable {
	query<T extends Row = Row>(sql: string, params?: unknown[], opts?: QueryOptions): Promise<{ rows: T[] }>;
	/** Runs several statements with no parameters (migrations). */
	exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
	/** Runs fn in one transaction; commits when it resolves, rolls back when it throws. */
	tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
	/** Calls onNotify for every NOTIFY on channel, from any process sharing the database. */
	listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
	readonly kind: 'pglite' | 'postgres';
	close(): Promise<void>;
}
