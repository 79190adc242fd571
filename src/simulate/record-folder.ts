import { readdirSync } from 'node:fs';

/** Thrown by startSimulator when its record folder cannot take this run's recordings alone. */
export class RecordFolderError extends Error {
  override readonly name = 'RecordFolderError';
}

/**
 * Refuses a record folder that holds anything already: a recording mixed with another run's exchanges
 * (invite-0001 of two runs) reads as one bot's behaviour, and `exchange` would check them together. A
 * folder that does not exist yet is made at the first recording.
 * @throws {RecordFolderError}
 */
export function checkRecordFolder(folder: string): void {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    throw new RecordFolderError(`cannot read the folder${typeof code === 'string' ? ` (${code})` : ''}`);
  }
  if (names.length > 0) throw new RecordFolderError(`the folder holds ${names.length === 1 ? 'an entry' : `${names.length} entries`} already; give a new or empty folder, so that the recording is this run's alone`);
}
