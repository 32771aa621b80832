// Why: on a cold start the page's first catalogue window waits for the worker; what the selling screen does not need
// (replication, the state's and conflicts' watches, a subscriber's first state) is held until that window is answered,
// so their reads and writes do not queue ahead of it on the worker's thread and IndexedDB (docs/performance.md, "Tenth
// pass").

export interface StartGate {
	/** Resolves once the rest of the start may run (the first window answered, an eager call, or the fallback time). */
	rest: Promise<void>;
	/** Lets the rest start now (idempotent). */
	open(): void;
	/** The area's handlers, each opening the gate before it runs (a setup, a sync, a conflict's resolution…). */
	eager<H extends object>(handlers: H): H;
}

/** A gate that opens by itself `afterMs` after it is made (a page that never lists the catalogue). */
export function startGate(afterMs: number): StartGate {
	let open!: () => void;
	const rest = new Promise<void>((resolve) => (open = resolve));
	const fallback = setTimeout(open, afterMs);
	void rest.then(() => clearTimeout(fallback));
	return {
		rest,
		open,
		eager<H extends object>(handlers: H): H {
			const out: Record<string, unknown> = {};
			for (const [name, f] of Object.entries(handlers))
				out[name] =
					typeof f === 'function'
						? (...args: unknown[]) => {
								open();
								return (f as (...a: unknown[]) => unknown).apply(handlers, args);
							}
						: f;
			return out as H;
		}
	};
}
