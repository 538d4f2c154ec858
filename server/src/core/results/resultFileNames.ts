/** Where a batch's results are by name: Download Output and Download Errors save them beside the
 *  input, `run.jsonl` → `run.output.jsonl` and `run.errors.jsonl`. Pure; works on paths and on
 *  `file:` URIs alike (only the end of the name matters). */

const RESULT_NAME = /\.(output|errors)\.jsonl$/i;
const JSONL = /\.jsonl$/i;

/** Whether the name is that of a downloaded output or error file. */
export function isResultFileName(name: string): boolean {
  return RESULT_NAME.test(name);
}

/** The output and error files of an input, by name; none for a name that is itself a result
 *  file's or not a `.jsonl` file's. */
export function resultFileNamesOf(input: string): string[] {
  if (isResultFileName(input) || !JSONL.test(input)) return [];
  const stem = input.replace(JSONL, '');
  return [`${stem}.output.jsonl`, `${stem}.errors.jsonl`];
}

/** The input of a result file, by name. */
export function inputNameOf(result: string): string | undefined {
  return isResultFileName(result) ? result.replace(RESULT_NAME, '.jsonl') : undefined;
}
