/**
 * The simulator's report in the linting formats (SARIF, JUnit, ...): a file per invite with findings. An
 * invite the simulator let go past keepExchanges keeps its findings in report(), so it keeps its file too.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { asFileReports } from '../src/cli/commands/simulate.js';
import type { Exchange } from '../src/simulate/exchange.js';
import type { Finding, SimulatorReport } from '../src/simulate/report.js';

const finding = (exchange: number | undefined, type: Finding['type'], severity: Finding['severity']): Finding => ({ type, severity, message: `${type} of ${String(exchange)}`, ...(exchange === undefined ? {} : { exchange }) });

test('findings of kept and let-go invites each get their invite\'s file, in the order of the invites', () => {
  const findings = [finding(2, 'callback-refused', 'error'), finding(5, 'callback-slow', 'warning'), finding(undefined, 'missing-token', 'error'), finding(2, 'callback-slow', 'warning'), finding(7, 'callback-refused', 'error')];
  // Only invites 5 and 9 are still kept; 2 and 7 were let go.
  const kept = [{ id: 5, apiVersion: 'beta' }, { id: 9, apiVersion: 'v1.0' }] as unknown as Exchange[];
  const files = asFileReports({ findings, findingsOmitted: { count: 0, errors: 0, warnings: 0, byType: {} } } as unknown as SimulatorReport, kept, undefined, '/');
  assert.equal(
    files.map((file) => [file.path, file.apiVersion, file.problems.map((problem) => problem.ruleId)]),
    [
      ['invite-0002', undefined, ['callback-refused', 'callback-slow']],
      ['invite-0005', 'beta', ['callback-slow']],
      ['invite-0007', undefined, ['callback-refused']],
      ['invite-0009', 'v1.0', []],
      ['simulator', undefined, ['missing-token']],
    ],
  );
});

test.run();
