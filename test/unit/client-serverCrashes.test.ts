import * as assert from 'node:assert/strict';
import { CRASH_WINDOW_MS, gaveUpMessage, MAX_CRASHES, restartedMessage, ServerCrashes } from '../../client/src/serverCrashes';

const RESTARTED_MESSAGE = restartedMessage();
const GAVE_UP_MESSAGE = gaveUpMessage();

/** A policy on a clock the test moves. */
function withClock(): { crashes: ServerCrashes; advance: (ms: number) => void } {
  let now = 1_000_000;
  return { crashes: new ServerCrashes(() => now), advance: (ms) => (now += ms) };
}

describe('client: a language server that stops unexpectedly', () => {
  it('is restarted, and the user is told once for a run of crashes', () => {
    const { crashes, advance } = withClock();
    assert.deepEqual(crashes.crashed(), { action: 'restart', tell: true, message: RESTARTED_MESSAGE });
    advance(30_000);
    assert.deepEqual(crashes.crashed(), { action: 'restart', tell: false, message: RESTARTED_MESSAGE });
    // Long after the last message, a new crash is news again.
    advance(CRASH_WINDOW_MS);
    assert.deepEqual(crashes.crashed(), { action: 'restart', tell: true, message: RESTARTED_MESSAGE });
  });

  it(`is given up on at the ${MAX_CRASHES}th crash within the window, with a message that says what to do`, () => {
    const { crashes, advance } = withClock();
    for (let i = 1; i < MAX_CRASHES; i++) {
      assert.equal(crashes.crashed().action, 'restart', `crash ${i}`);
      advance(10_000);
    }
    assert.deepEqual(crashes.crashed(), { action: 'giveUp', message: GAVE_UP_MESSAGE });
    assert.match(GAVE_UP_MESSAGE, /stopped unexpectedly 5 times in 3 minutes and was not restarted again/);
    assert.match(GAVE_UP_MESSAGE, /Restart it/);
    // The user restarts it: counting starts afresh, and the next crash is told again.
    crashes.reset();
    assert.deepEqual(crashes.crashed(), { action: 'restart', tell: true, message: RESTARTED_MESSAGE });
  });

  it('forgets crashes older than the window: a server that crashes now and then is always restarted', () => {
    const { crashes, advance } = withClock();
    for (let i = 0; i < 3 * MAX_CRASHES; i++) {
      assert.equal(crashes.crashed().action, 'restart', `crash ${i + 1}`);
      advance(CRASH_WINDOW_MS / (MAX_CRASHES - 1) + 1);
    }
  });
});
