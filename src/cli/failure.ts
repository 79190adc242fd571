/**
 * A run that cannot go on, said in one line with exit status 2 and without the usage text: the arguments
 * were well formed, the files or the system refused.
 */
export class RunFailure extends Error {
  override readonly name = 'RunFailure';
}

/** The system's code of a failed file operation (EACCES, ENOSPC...), if the error carries one. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) ? code : undefined;
}

/** " (EACCES)", or nothing: how a message names the system's reason. */
export function codeSuffix(error: unknown): string {
  const code = errorCode(error);
  return code === undefined ? '' : ` (${code})`;
}
