/** How the parts of a split batch file are named: `run.jsonl` splits into `run.part-001.jsonl`,
 *  `run.part-002.jsonl`, … beside it. The one convention the server (which writes them), the
 *  client (Submit All Parts finds them) and the Batches view (which groups their batches) share.
 *  Pure. */

/** The metadata key Submit All Parts gives each part's batch: the input file's name (`run.jsonl`). */
export const GROUP_METADATA_KEY = 'batch_studio_group';

export interface PartName {
  /** The name of the file the parts were split from: `run.jsonl`. */
  group: string;
  /** 1-based. */
  index: number;
}

/** The input's name without its extension, and the extension the parts keep (`.jsonl` when none). */
function stemAndExtension(inputName: string): { stem: string; extension: string } {
  const dot = inputName.lastIndexOf('.');
  if (dot <= 0) return { stem: inputName, extension: '.jsonl' };
  return { stem: inputName.slice(0, dot), extension: inputName.slice(dot) };
}

/** `run.part-001.jsonl` for part 1 of `run.jsonl`: numbered with at least three digits, more when
 *  there are 1,000 parts or more, so that names sort in part order. */
export function partFileName(inputName: string, index: number, count: number): string {
  const { stem, extension } = stemAndExtension(inputName);
  const digits = Math.max(3, String(count).length);
  return `${stem}.part-${String(index).padStart(digits, '0')}${extension}`;
}

const PART_NAME = /^(.+)\.part-(\d{3,})(\.[^.]*)$/;

/** The group and number of a part's file name (`run.part-002.jsonl` → `run.jsonl`, 2); undefined
 *  for any other name. */
export function parsePartFileName(name: string): PartName | undefined {
  const match = PART_NAME.exec(name);
  if (!match) return undefined;
  const index = Number(match[2]);
  return index >= 1 ? { group: `${match[1]}${match[3]}`, index } : undefined;
}

/** The number of the part `name` is of `inputName` (as partFileName names it), else undefined. */
export function partIndexOf(name: string, inputName: string): number | undefined {
  const { stem, extension } = stemAndExtension(inputName);
  const prefix = `${stem}.part-`;
  if (!name.startsWith(prefix) || !name.endsWith(extension)) return undefined;
  const digits = name.slice(prefix.length, name.length - extension.length);
  return /^\d{3,}$/.test(digits) && Number(digits) >= 1 ? Number(digits) : undefined;
}
