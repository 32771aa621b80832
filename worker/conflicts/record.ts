// Why: a conflict arrives from a push result or from a sync.conflict event; both become the same open local record.
import type { ConflictDoc } from '../../src/lib/db/types';

export interface ConflictFacts {
	id: string;
	entity_type: string;
	cloud_id: string;
	local_id: string;
	field: string;
	cloud_value?: unknown;
	cloud_version: number;
	cloud_updated_at: string;
	local_value?: unknown;
	local_version: number;
	local_updated_at: string;
}

export function openConflictDoc(f: ConflictFacts, now: string): ConflictDoc {
	return {
		id: f.id,
		entity_type: f.entity_type,
		cloud_id: f.cloud_id,
		local_id: f.local_id,
		field: f.field,
		cloud_value: f.cloud_value ?? null,
		cloud_version: f.cloud_version,
		cloud_updated_at: f.cloud_updated_at,
		local_value: f.local_value ?? null,
		local_version: f.local_version,
		local_updated_at: f.local_updated_at,
		status: 'open',
		strategy: null,
		auto: false,
		applied_value: null,
		new_version: null,
		resolved_at: null,
		resolved_by: null,
		notes: null,
		queued_resolution: null,
		error: null,
		created_at: now,
		updated_at: now
	};
}
