// The mail backlog alarm's number: how long the oldest email a retry pass found has waited.
import { describe, expect, it } from 'vitest';
import { queuedNoticeId, recipientNoticeId } from '../../features/notices/notice-entity.js';
import { backlogAgeSeconds } from '../../shared/mail/backlog-age.js';
import { newId } from '../../shared/vocabulary/ids.js';

describe('mail backlog age', () => {
  const now = Date.parse('2026-12-02T12:00:00Z');

  it('is the age of the oldest email queued, whatever order the due index returned them in', () => {
    const due = [{ id: newId(now - 5 * 60_000) }, { id: newId(now - 90 * 60_000) }, { id: newId(now - 1000) }];
    expect(backlogAgeSeconds(due, now)).toBe(90 * 60);
  });

  it('is 0 with nothing due, so a quiet pass never raises the alarm', () => {
    expect(backlogAgeSeconds([], now)).toBe(0);
  });

  it("counts a recipient's copy of a group notice from when the group notice was queued", () => {
    const group = newId(now - 2 * 3_600_000);
    const copy = recipientNoticeId(group, 'admin@example.com');
    expect(backlogAgeSeconds([{ id: queuedNoticeId(copy) }], now)).toBe(2 * 3600);
  });
});
