/** The file store: uploaded input files and the output/error files batches write. */
import { ApiError, notFound } from './errors';
import { newId } from './ids';

export type FilePurpose = 'batch' | 'batch_output';

export interface StoredFile {
  id: string;
  bytes: number;
  created_at: number;
  expires_at: number;
  filename: string;
  purpose: FilePurpose;
  content: Buffer;
}

/** The OpenAIFile object of the spec. */
export interface FileObject {
  id: string;
  object: 'file';
  bytes: number;
  created_at: number;
  expires_at: number;
  filename: string;
  purpose: FilePurpose;
  status: 'processed';
}

/** Batch input files, and by default batch output files, expire 30 days after upload. */
export const DEFAULT_FILE_TTL_SECONDS = 30 * 24 * 3600;

export class FileStore {
  private readonly files = new Map<string, StoredFile>();

  add(filename: string, purpose: FilePurpose, content: Buffer, createdAt: number, ttlSeconds = DEFAULT_FILE_TTL_SECONDS): StoredFile {
    const file: StoredFile = {
      id: newId.file(),
      bytes: content.length,
      created_at: createdAt,
      expires_at: createdAt + ttlSeconds,
      filename,
      purpose,
      content,
    };
    this.files.set(file.id, file);
    return file;
  }

  find(id: string): StoredFile | undefined {
    return this.files.get(id);
  }

  get(id: string): StoredFile {
    const file = this.files.get(id);
    if (!file) throw notFound(`No file with id '${id}' exists.`, 'file_id');
    return file;
  }

  delete(id: string): void {
    if (!this.files.delete(id)) throw notFound(`No file with id '${id}' exists.`, 'file_id');
  }

  /** Files newest first (or oldest first), optionally of one purpose, after a cursor id. */
  list(options: { purpose?: string; order: 'asc' | 'desc'; after?: string; limit: number }): { data: StoredFile[]; hasMore: boolean } {
    let all = [...this.files.values()];
    if (options.purpose !== undefined) all = all.filter((f) => f.purpose === options.purpose);
    if (options.order === 'desc') all.reverse();
    let start = 0;
    if (options.after !== undefined) {
      const index = all.findIndex((f) => f.id === options.after);
      if (index < 0) throw new ApiError(400, `The cursor 'after=${options.after}' is not a file in this list.`, 'after', 'invalid_value');
      start = index + 1;
    }
    const data = all.slice(start, start + options.limit);
    return { data, hasMore: start + options.limit < all.length };
  }
}

export function fileObject(file: StoredFile): FileObject {
  return {
    id: file.id,
    object: 'file',
    bytes: file.bytes,
    created_at: file.created_at,
    expires_at: file.expires_at,
    filename: file.filename,
    purpose: file.purpose,
    status: 'processed',
  };
}
