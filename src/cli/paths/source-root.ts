import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { relativeInside } from '../../paths.js';

/**
 * The folder that code scanning and workflow annotations read file paths against: the repository root.
 * GITHUB_WORKSPACE when the run is inside it (GitHub Actions), else the nearest folder at or above the
 * working folder that holds .git (a folder, or a file in a worktree), else the working folder itself.
 */
export function findSourceRoot(cwd: string, env: Readonly<Record<string, string | undefined>>): string {
  const here = resolve(cwd);
  const workspace = env['GITHUB_WORKSPACE'];
  if (workspace !== undefined && workspace !== '' && relativeInside(resolve(workspace), here) !== undefined) return resolve(workspace);
  for (let dir = here; ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return here;
  }
}
