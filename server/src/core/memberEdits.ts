/** Edits that take members out of an object or put one in, as a quick fix makes them: commas
 *  kept right, and the spacing the line already uses (`", "` and `": "`, or none, or a request's
 *  line breaks when it is opened for editing). */
import type { LineEdit } from './diagnostic';
import type { JsonPath, LineLocator, WrittenObject } from './locate';

/** Removes the members named `keys` (each copy of a repeated key) from the object at `path`, with
 *  their commas; undefined when there is nothing to remove. A run of removed members is one edit,
 *  so the edits never overlap. */
export function removeMembers(locator: LineLocator, path: JsonPath, keys: readonly string[]): LineEdit[] | undefined {
  const object = locator.object(path);
  if (!object) return undefined;
  const { members } = object;
  const removed = members.map((member) => keys.includes(member.key));
  if (!removed.includes(true)) return undefined;
  if (!removed.includes(false)) return [{ start: object.start + 1, end: object.end - 1, newText: '' }];
  const edits: LineEdit[] = [];
  for (let i = 0; i < members.length; i++) {
    if (!removed[i]) continue;
    let last = i;
    while (last + 1 < members.length && removed[last + 1]) last++;
    // After a kept member: from its end (the comma before the run) to the run's end. At the start:
    // from the run to the next member, taking the comma after it.
    edits.push(
      i > 0
        ? { start: members[i - 1].end, end: members[last].end, newText: '' }
        : { start: members[0].start, end: members[last + 1].start, newText: '' },
    );
    i = last;
  }
  return edits;
}

/** Inserts `"key": value` (`valueText` is JSON) into the object at `path`: after the last member
 *  whose key is one of `before` (the keys that come first in the schema's order), else first. */
export function insertMember(
  locator: LineLocator,
  path: JsonPath,
  key: string,
  valueText: string,
  before: readonly string[],
): LineEdit | undefined {
  const object = locator.object(path);
  if (!object) return undefined;
  const { comma, colon } = separators(locator, object);
  const member = `${JSON.stringify(key)}${colon}${valueText}`;
  const after = [...object.members].reverse().find((m) => before.includes(m.key));
  if (after) return { start: after.end, end: after.end, newText: `${comma}${member}` };
  const first = object.members[0];
  if (first) return { start: first.start, end: first.start, newText: `${member}${comma}` };
  return { start: object.start + 1, end: object.start + 1, newText: member };
}

/** The object's own separators between members and between a key and its value. */
function separators(locator: LineLocator, object: WrittenObject): { comma: string; colon: string } {
  const [first, second] = object.members;
  const comma = first && second ? locator.slice({ start: first.end, end: second.start }) : '';
  const colon = first ? locator.slice({ start: first.keyEnd, end: first.valueStart }) : '';
  return { comma: /^\s*,\s*$/.test(comma) ? comma : ', ', colon: /^\s*:\s*$/.test(colon) ? colon : ': ' };
}
