/** Escapes text for a Markdown tooltip: batch names and error messages come from users and the
 *  API, and must not turn into links or formatting. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&');
}
