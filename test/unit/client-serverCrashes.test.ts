import * as assert from 'node:assert/strict';
import { CRASH_WINDOW_MS, gaveUpMessage, MAX_CRASHES, restartedMessage, ServerCrashes } from '../../client/src/serverCrashes';
import { refusedWhenGivenUp, ServerStoppedError, stoppedMessage } from '../../client/src/serverStopped';

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

describe('client: requests to a language server given up on', () => {
  /** A server whose requests fail as vscode-languageclient's do once the client stopped. */
  function stoppedLibrary() {
    const notRunning = () => Promise.reject(new Error('Client is not running'));
    return { validateFile: notRunning, estimateCost: notRunning };
  }

  it('fail with a sentence that says the server stopped after repeated crashes, and offer a restart once per request', async () => {
    const { crashes } = withClock();
    for (let i = 0; i < MAX_CRASHES; i++) crashes.crashed();
    assert.equal(crashes.givenUp, true);
    let offered = 0;
    const server = refusedWhenGivenUp(
      stoppedLibrary(),
      () => crashes.givenUp,
      () => offered++,
    );
    await assert.rejects(server.validateFile(), (error: unknown) => {
      assert.ok(error instanceof ServerStoppedError);
      assert.equal(error.message, stoppedMessage());
      assert.doesNotMatch(error.message, /Client is not running/);
      assert.match(error.message, /stopped after repeated crashes/);
      assert.match(error.message, /Restart Server/);
      return true;
    });
    await assert.rejects(server.estimateCost(), ServerStoppedError);
    assert.equal(offered, 2, 'each refused request offers Restart Server');
  });

  it('pass requests and their own failures through while the server runs, and again after a restart', async () => {
    const { crashes } = withClock();
    let offered = 0;
    let answer: Promise<string> = Promise.resolve('validated');
    const server = refusedWhenGivenUp(
      { validateFile: () => answer },
      () => crashes.givenUp,
      () => offered++,
    );
    assert.equal(await server.validateFile(), 'validated');
    answer = Promise.reject(new Error('Cannot read run.jsonl'));
    await assert.rejects(server.validateFile(), /Cannot read run\.jsonl/);
    // The server is given up on while a request waits: that request says so too.
    answer = new Promise((_resolve, reject) => setImmediate(() => reject(new Error('Connection got disposed.'))));
    const waiting = server.validateFile();
    for (let i = 0; i < MAX_CRASHES; i++) crashes.crashed();
    await assert.rejects(waiting, ServerStoppedError);
    crashes.reset();
    assert.equal(crashes.givenUp, false);
    answer = Promise.resolve('validated again');
    assert.equal(await server.validateFile(), 'validated again');
    assert.equal(offered, 1);
  });
});
