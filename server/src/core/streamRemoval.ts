/** The repair of `"stream": true` the message asks for first: removing it from the body, with
 *  `stream_options`, which the API takes only while streaming. */
import type { LineFix } from './diagnostic';
import type { LineLocator } from './locate';
import { removeMembers } from './memberEdits';

const STREAM_KEYS = ['stream', 'stream_options'];

export function streamRemoval(locator: LineLocator): LineFix[] | undefined {
  const edits = removeMembers(locator, ['body'], STREAM_KEYS);
  if (!edits) return undefined;
  const withOptions = locator.object(['body'])?.members.some((member) => member.key === 'stream_options');
  return [{ title: withOptions ? 'Remove "stream" and "stream_options"' : 'Remove "stream"', edits, preferred: true }];
}
