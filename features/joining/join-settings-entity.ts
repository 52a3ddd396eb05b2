// How people whose verified address is at one of the org's verified domains join it: not at all
// (`off`, also what an org without this item has), by asking (`suggest`), or at once (`auto`).
// One item at the head of the org's partition, read in the round trip that decides a join.
import { defineEntity } from '../../shared/table/entity.js';
import { type Stored, shape } from '../../shared/table/stored-shape.js';
import { orgPartition } from '../../shared/table/table-definition.js';
import { JOIN_MODES, JOIN_ROLES } from './join-terms.js';

const joinSettingsRecord = shape.object({
  org_id: shape.string,
  join_mode: shape.oneOf(JOIN_MODES),
  default_role: shape.oneOf(JOIN_ROLES),
  /** null: the org's first workspace (its oldest, whichever that is when someone joins). */
  default_workspace_id: shape.nullable(shape.string),
  updated_by: shape.nullable(shape.string),
  updated_at: shape.nullable(shape.string),
  /** Moved on by every change; a change is conditioned on the version it read (0: no item yet). */
  version: shape.number,
});

export type JoinSettingsRecord = Stored<typeof joinSettingsRecord>;

export const joinSettingsEntity = defineEntity({
  type: 'join_settings',
  shape: joinSettingsRecord,
  key: (settings: Pick<JoinSettingsRecord, 'org_id'>) => ({ pk: orgPartition(settings.org_id), sk: 'JOINSETTINGS' }),
});

/** What an org that never changed its settings has. */
export const defaultJoinSettings = (orgId: string): JoinSettingsRecord => ({
  org_id: orgId,
  join_mode: 'off',
  default_role: 'viewer',
  default_workspace_id: null,
  updated_by: null,
  updated_at: null,
  version: 0,
});
