import * as assert from 'node:assert/strict';
import { bytes, localTime, relativeTime, timestamp } from '../../client/src/util/format';
import { plural } from '../../common/src/plural';

describe('client: time and number formatting', () => {
  const now = Date.UTC(2025, 2, 4, 12, 0, 0);
  const seconds = now / 1000;

  it('formats local time as YYYY-MM-DD HH:MM:SS', () => {
    const d = new Date(now);
    const expected = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')} ${String(d.getHours()).padStart(2, '0')}:00:00`;
    assert.equal(localTime(seconds), expected);
  });

  it('says how long ago, or how long until', () => {
    assert.equal(relativeTime(seconds - 10, now), 'just now');
    assert.equal(relativeTime(seconds - 180, now), '3 min ago');
    assert.equal(relativeTime(seconds - 60, now), '1 min ago');
    assert.equal(relativeTime(seconds - 5 * 3600, now), '5 h ago');
    assert.equal(relativeTime(seconds - 3 * 86400, now), '3 days ago');
    assert.equal(relativeTime(seconds - 86400 * 1.6, now), '2 days ago');
    assert.equal(relativeTime(seconds + 24 * 3600, now), 'in 24 h');
    assert.equal(relativeTime(seconds + 600, now), 'in 10 min');
  });

  it('combines both', () => {
    assert.match(timestamp(seconds - 180, now), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(3 min ago\)$/);
  });

  it('counts and sizes', () => {
    assert.equal(plural(1, 'request'), '1 request');
    assert.equal(plural(0, 'request'), '0 requests');
    assert.equal(plural(12000, 'request'), '12,000 requests');
    assert.equal(plural(2, 'entry', 'entries'), '2 entries');
    assert.equal(plural(1, 'batch', 'batches'), '1 batch');
    assert.equal(bytes(512), '512 B');
    assert.equal(bytes(2048), '2.0 KB');
    assert.equal(bytes(5 * 1024 * 1024), '5.0 MB');
  });
});
