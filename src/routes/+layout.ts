// The app is a client-only SPA: it reads and writes the local database, never a server render.
export const ssr = false;
export const prerender = false;
