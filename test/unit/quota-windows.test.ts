// The windows quota counters count in: clock hours and UTC days, the same for every subject, and
// how long a refused client is told to wait.
import { describe, expect, it } from 'vitest';
import { quotaEntity, secondsLeftIn, windowAt } from '../../features/quotas/quota-entity.js';

describe('quota windows', () => {
  it('are clock hours and UTC days', () => {
    expect(windowAt('hour', '2025-06-01T10:59:59.999Z')).toEqual({ start: '2025-06-01T10:00:00.000Z', end: '2025-06-01T11:00:00.000Z' });
    expect(windowAt('day', '2025-06-01T23:30:00.000Z')).toEqual({ start: '2025-06-01T00:00:00.000Z', end: '2025-06-02T00:00:00.000Z' });
  });

  it('tell a refused client to wait until the window ends, at least a second', () => {
    expect(secondsLeftIn('hour', '2025-06-01T10:15:00.000Z')).toBe(2700);
    expect(secondsLeftIn('day', '2025-06-01T23:59:59.900Z')).toBe(1);
  });

  it('key a counter by subject and window, the window as an ISO 8601 interval', () => {
    expect(quotaEntity.key({ scope: 'inviter', subject: 'u1', window: 'day', start: '2025-06-01T00:00:00.000Z' })).toEqual({
      pk: 'QUOTA#inviter#u1',
      sk: '2025-06-01T00:00:00.000Z/P1D',
    });
  });
});
