import * as assert from 'node:assert/strict';
import { bytes, localTime, relativeTime, timestamp } from '../../client/src/util/format';
import { formatCount, plural } from '../../common/src/plural';

describe('client: numbers, times and sizes in the user locale', () => {
  const now = Date.UTC(2025, 2, 4, 12, 0, 0);
  const seconds = now / 1000;

  it('formats date and time as the locale writes them', () => {
    assert.equal(localTime(seconds, 'en-US'), new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' }).format(now));
    assert.match(localTime(seconds, 'en-US'), /^Mar 4, 2025, \d{1,2}:00\s?[AP]M$/);
    assert.match(localTime(seconds, 'de'), /^0?[34]\.03\.2025, \d\d:00$/);
  });

  it('says how long ago, or how long until, in the locale', () => {
    assert.equal(relativeTime(seconds - 10, 'en', now), 'now');
    assert.equal(relativeTime(seconds - 180, 'en', now), '3 minutes ago');
    assert.equal(relativeTime(seconds - 60, 'en', now), '1 minute ago');
    assert.equal(relativeTime(seconds - 5 * 3600, 'en', now), '5 hours ago');
    assert.equal(relativeTime(seconds - 3 * 86400, 'en', now), '3 days ago');
    assert.equal(relativeTime(seconds - 86400 * 1.6, 'en', now), '2 days ago');
    assert.equal(relativeTime(seconds + 24 * 3600, 'en', now), 'in 24 hours');
    assert.equal(relativeTime(seconds + 600, 'en', now), 'in 10 minutes');
    assert.equal(relativeTime(seconds - 90 * 86400, 'en', now), '3 months ago');
    assert.equal(relativeTime(seconds - 800 * 86400, 'en', now), '2 years ago');
    assert.equal(relativeTime(seconds - 180, 'de', now), 'vor 3 Minuten');
  });

  it('combines both', () => {
    assert.match(timestamp(seconds - 180, 'en', now), /^Mar 4, 2025, .+ \(3 minutes ago\)$/);
  });

  it('groups thousands by the locale, in counts and sizes alike', () => {
    assert.equal(plural(1, 'request'), '1 request');
    assert.equal(plural(0, 'request'), '0 requests');
    assert.equal(plural(12000, 'request'), '12,000 requests', 'en-US unless told otherwise (the CLI, the server)');
    assert.equal(plural(12000, 'request', undefined, 'de'), '12.000 requests');
    assert.equal(plural(2, 'entry', 'entries'), '2 entries');
    assert.equal(plural(1, 'batch', 'batches'), '1 batch');
    assert.equal(formatCount(40000, 'en'), '40,000');
    assert.equal(formatCount(40000, 'fr'), '40\u202f000');
    assert.equal(bytes(512, 'en'), '512 B');
    assert.equal(bytes(2048, 'en'), '2.0 KB');
    assert.equal(bytes(5 * 1024 * 1024, 'en'), '5.0 MB');
    assert.equal(bytes(1536 * 1024 * 1024, 'en'), '1,536.0 MB');
    assert.equal(bytes(2048, 'de'), '2,0 KB');
  });

  it('falls back to en-US for a locale tag the runtime cannot use', () => {
    assert.equal(formatCount(1234, 'not a locale'), '1,234');
    assert.equal(relativeTime(seconds - 180, 'not a locale', now), '3 minutes ago');
    assert.match(localTime(seconds, 'not a locale'), /^Mar 4, 2025/);
  });
});
