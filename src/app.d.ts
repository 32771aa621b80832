// Ambient SvelteKit types for the app.
declare global {
	namespace App {
		// interface Error {}
		// interface Locals {}
		// interface PageData {}
	}
}

export {};
