/**
 * A reference page kept where Microsoft's docs repository keeps it (api-reference/v1.0/..., api-reference/beta/...)
 * is checked under that version when its requests name none; a request's own path wins over the place, and
 * --api-version over both.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { apiVersionOfPageLocation } from '../src/inputs/docs/location.js';
import { runCli } from './cli-harness.js';
import { invitePage } from './invite-page.js';

const root = mkdtempSync(join(tmpdir(), 'gic-page-location-'));
test.after(() => rmSync(root, { recursive: true, force: true }));

/** An invite page whose request names the path as `target` does, and whose response sends a beta-only value. */
const page = (target: string): string =>
  invitePage(
    target,
    'https://graph.microsoft.com/v1.0/communications/calls/1/operations/o1',
    '{"id":"o1","status":"running","clientContext":"c","participants":[{"endpointType":"voicemail","identity":{"user":{"id":"u1"}}}]}',
  );

function write(path: string, text: string): void {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text);
}

const relative = '/communications/calls/1/participants/invite';
write('docs/api-reference/v1.0/api/participant-invite.md', page(relative));
write('docs/api-reference/beta/api/participant-invite.md', page(relative));
write('docs/api-reference/v1.0/api/named-beta.md', page(`https://graph.microsoft.com/beta${relative}`));
write('elsewhere/participant-invite.md', page(relative));

async function profiles(argv: readonly string[], cwd = root): Promise<{ status: number | null; files: string[] }> {
  const outcome = await runCli(['docs', ...argv, '--format', 'json'], { cwd });
  const report = JSON.parse(outcome.stdout) as { files: Array<{ path: string; apiVersion?: string; problems: Array<{ ruleId: string }> }> };
  const files = report.files.map((file) => `${file.path} ${file.apiVersion ?? '-'} ${file.problems.filter((p) => p.ruleId === 'beta-only').length}`);
  return { status: outcome.status, files };
}

test('the place of a page names its profile when its requests do not', async () => {
  const found = await profiles(['docs']);
  assert.is(found.status, 1);
  assert.equal(found.files, [
    'docs/api-reference/beta/api/participant-invite.md beta 0',
    'docs/api-reference/v1.0/api/named-beta.md beta 0',
    'docs/api-reference/v1.0/api/participant-invite.md v1.0 1',
  ]);
  assert.equal((await profiles(['elsewhere'])).files, ['elsewhere/participant-invite.md beta 0']);
});

test('the place counts from the real path, wherever the command runs', async () => {
  const found = await profiles(['participant-invite.md'], join(root, 'docs', 'api-reference', 'v1.0', 'api'));
  assert.equal(found.files, ['participant-invite.md v1.0 1']);
});

test('--api-version wins over the place', async () => {
  const found = await profiles(['--api-version', 'beta', 'docs/api-reference/v1.0']);
  assert.is(found.status, 0);
  assert.equal(found.files, ['docs/api-reference/v1.0/api/named-beta.md beta 0', 'docs/api-reference/v1.0/api/participant-invite.md beta 0']);
});

test('only an api-reference folder named for a version counts', () => {
  assert.is(apiVersionOfPageLocation('/repo/api-reference/v1.0/api/call-answer.md'), 'v1.0');
  assert.is(apiVersionOfPageLocation('api-reference\\beta\\api\\call-answer.md'), 'beta');
  assert.is(apiVersionOfPageLocation('api-reference/v1.0-preview/api/x.md'), undefined);
  assert.is(apiVersionOfPageLocation('my-api-reference/v1.0/x.md'), undefined);
  assert.is(apiVersionOfPageLocation('/docs/v1.0/x.md'), undefined);
});

test.run();
