/** Snippets in the LSP / TextMate syntax (`${1:placeholder}`, `${2|a,b|}`, `$0`), built safely from
 *  JSON text, and their plain text for clients that take no snippets. */

/** Literal text inside a snippet: `$`, `}` and `\` are escaped. */
export function literal(text: string): string {
  return text.replace(/[$}\\]/g, (c) => `\\${c}`);
}

/** A tab stop whose default text is `text` (literal). */
export function placeholder(index: number, text: string): string {
  return `\${${index}:${literal(text)}}`;
}

/** A tab stop offering `options`, the first selected; a single option is a plain placeholder. */
export function choice(index: number, options: readonly string[]): string {
  if (options.length <= 1) return placeholder(index, options[0] ?? '');
  return `\${${index}|${options.map((o) => o.replace(/[$}\\,|]/g, (c) => `\\${c}`)).join(',')}|}`;
}

/** The characters of a JSON string without its quotes, for a placeholder inside quotes. */
export function jsonStringContent(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

/** The text a snippet inserts when nothing is typed: placeholders keep their default (a choice its
 *  first option), tab stops vanish, escapes are undone. */
export function snippetText(snippet: string): string {
  let i = 0;
  const read = (until: string): string => {
    let text = '';
    while (i < snippet.length && !until.includes(snippet[i])) {
      if (snippet[i] === '\\' && i + 1 < snippet.length) {
        text += snippet[i + 1];
        i += 2;
      } else if (snippet[i] === '$') {
        text += tabStop();
      } else {
        text += snippet[i++];
      }
    }
    return text;
  };
  const tabStop = (): string => {
    const simple = /^\$\d+/.exec(snippet.slice(i));
    if (simple) {
      i += simple[0].length;
      return '';
    }
    const opening = /^\$\{\d+([:|}])/.exec(snippet.slice(i));
    if (!opening) {
      i++;
      return '$';
    }
    i += opening[0].length;
    if (opening[1] === '}') return '';
    if (opening[1] === ':') {
      const text = read('}');
      i++; // the closing brace
      return text;
    }
    const first = read(',|');
    // The other options, up to the closing `|}`.
    while (i < snippet.length && !(snippet[i] === '|' && snippet[i + 1] === '}')) i += snippet[i] === '\\' ? 2 : 1;
    i += 2;
    return first;
  };
  return read('');
}
