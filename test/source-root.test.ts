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

test('GITHUB_WORKSPACE wins when the run is inside it, and only then', () => {
  const dir = scratch();
  try {
    const repo = join(dir, 'repo');
    mkdirSync(join(repo, 'tools', '.git'));
    assert.is(findSourceRoot(join(repo, 'tools', 'deep'), { GITHUB_WORKSPACE: repo }), repo);
    assert.is(findSourceRoot(join(repo, 'tools', 'deep'), { GITHUB_WORKSPACE: join(dir, 'other') }), join(repo, 'tools'));
    assert.is(findSourceRoot(join(repo, 'tools', 'deep'), { GITHUB_WORKSPACE: '' }), join(repo, 'tools'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
