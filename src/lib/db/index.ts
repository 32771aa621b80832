// Why: the one import path for the local database (`$lib/db`).
export * from './types';
export * from './database';
export { collections, type CollectionName } from './schemas';
export * from './meta';
export * from './push-state';
export * from './sales';
export * from './shift-orders';
export * from './shift-summary';
export * from './reports';
export * from './splits';
