import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { findSourceRoot } from '../src/cli/paths/source-root.js';

function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gic-root-'));
  mkdirSync(join(dir, 'repo', 'tools', 'deep'), { recursive: true });
  return dir;
}

test('the source root is the nearest folder holding .git, a folder or a worktree file', () => {
  const dir = scratch();
  try {
    const repo = join(dir, 'repo');
    assert.is(findSourceRoot(join(repo, 'tools', 'deep'), {}), join(repo, 'tools', 'deep'), 'no .git: the working folder');
    mkdirSync(join(repo, '.git'));
    assert.is(findSourceRoot(join(repo, 'tools', 'deep'), {}), repo);
    assert.is(findSourceRoot(repo, {}), repo);
    writeFileSync(join(repo, 'tools', '.git'), 'gitdir: ../.git/worktrees/tools\n');
    assert.is(findSourceRoot(join(repo, 'tools', 'deep'), {}), join(repo, 'tools'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('under GITHUB_WORKSPACE, a repository checked out into a subfolder is the root; without .git, the workspace', () => {
  const dir = scratch();
  try {
    const workspace = join(dir, 'workspace');
    // actions/checkout with path: app: the repository's root is workspace/app, which code scanning reads paths against.
    mkdirSync(join(workspace, 'app', '.git'), { recursive: true });
    mkdirSync(join(workspace, 'plain', 'deep'), { recursive: true });
    assert.is(findSourceRoot(join(workspace, 'app', 'deep'), { GITHUB_WORKSPACE: workspace }), join(workspace, 'app'));
    // A checkout without .git (the REST API fallback): the workspace, not a .git further up.
    mkdirSync(join(dir, '.git'));
    assert.is(findSourceRoot(join(workspace, 'plain', 'deep'), { GITHUB_WORKSPACE: workspace }), workspace);
    assert.is(findSourceRoot(join(workspace, 'plain', 'deep'), {}), dir);
    assert.is(findSourceRoot(join(workspace, 'app', 'deep'), { GITHUB_WORKSPACE: join(dir, 'other') }), join(workspace, 'app'));
    assert.is(findSourceRoot(join(workspace, 'app', 'deep'), { GITHUB_WORKSPACE: '' }), join(workspace, 'app'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
