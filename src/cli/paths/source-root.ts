import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { relativeInside } from '../../paths.js';

/**
 * The folder that code scanning and workflow annotations read file paths against: the repository root.
 * The nearest folder at or above the working folder that holds .git (a folder, or a file in a worktree);
 * under GitHub Actions, one inside GITHUB_WORKSPACE (a repository checked out into a subfolder, with
 * actions/checkout's path, which upload-sarif's checkout_path names), else the workspace itself (a
 * checkout without .git); elsewhere, without .git, the working folder itself.
 */
export function findSourceRoot(cwd: string, env: Readonly<Record<string, string | undefined>>): string {
  const here = resolve(cwd);
  const given = env['GITHUB_WORKSPACE'];
  const workspace = given !== undefined && given !== '' && relativeInside(resolve(given), here) !== undefined ? resolve(given) : undefined;
  for (let dir = here; ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dir === workspace) return workspace;
    if (dirname(dir) === dir) return here;
  }
}
