import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { kindForPath } from '../src/cli/config/config.js';
import { validate } from '../src/index.js';
import { canonical, folderApiVersion, listSamples, projectConfig, readExpectation, sampleFolders, samplesDir } from './samples.js';

for (const folder of sampleFolders) {
  const samples = listSamples(folder);

  test(`samples/${folder} is not empty`, () => {
    assert.ok(samples.length > 0);
  });

  for (const sample of samples) {
    test(`samples/${folder}/${sample.name} yields exactly its expected problems`, () => {
      const expected = readExpectation(sample);
      assert.ok(expected !== undefined, `${sample.name} has no ${sample.name.replace(/\.json$/, '.expected.json')} beside it`);
      const kind = kindForPath(projectConfig, sample.path);
      const apiVersion = folderApiVersion(folder);
      const result = validate(JSON.parse(readFileSync(sample.path, 'utf8')), kind === undefined ? { apiVersion } : { kind, apiVersion });
      assert.is(result.kind, expected.kind, 'kind');
      assert.equal(canonical(result.problems), canonical(expected.problems));
      const errors = result.problems.filter((p) => p.severity === 'error');
      if (folder === 'invalid' || folder === 'invalid/v1.0') {
        assert.is(errors.length, 1, 'an invalid sample breaks exactly one thing');
        assert.is(result.valid, false);
      } else {
        assert.is(errors.length, 0, `${folder} samples carry no errors`);
        assert.is(result.valid, true);
      }
    });
  }
}

test('every expectation file belongs to a sample', () => {
  for (const folder of sampleFolders) {
    const dir = join(samplesDir, folder);
    const expectations = new Set(listSamples(folder).map((sample) => sample.expectedPath));
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.expected.json'))) {
      assert.ok(expectations.has(join(dir, name)), `samples/${folder}/${name} has no sample beside it`);
    }
  }
});

test.run();
