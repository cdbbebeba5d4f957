// Vitest runs outside Next.js: the real `server-only` module would throw.
export {};
