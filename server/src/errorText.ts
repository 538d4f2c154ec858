/** A failure as the server's log shows it: its stack (which starts with its message), else the
 *  message, else what was thrown, as text. */
export function errorText(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
