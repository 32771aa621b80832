// Every edge part started beside the master-data mirror, in order. Each branch adds its own here.
import type { EdgePartFactory } from './types.ts';

export const EDGE_PARTS: EdgePartFactory[] = [];
