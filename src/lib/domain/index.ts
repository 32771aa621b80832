// Why: one import for the UI and the worker (`$lib/domain`), so the pure sales logic has a single public surface.
export * from './result';
export * from './money';
export * from './time';
export * from './modifiers';
export * from './cart';
export * from './totals';
export * from './payment';
export * from './order';
export * from './summary';
export * from './conflict';
export * from './receipt';
export * from './tables';
export * from './ids';
