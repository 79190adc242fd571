import { apiVersions } from '../model/api-version.js';
import { kinds } from '../model/kind.js';
import { defaultMaxBytes } from '../rules/file/file-too-large.js';
import { defaultMaxProblems } from '../rules/file/too-many-problems.js';

/** The help text: --help prints it, and a usage error prints it after the error. */
export const usage = `Usage: graph-invite-contract <command> [options]

Commands:
  validate <paths...>    Lint payload files (.json), HTTP messages (.http, .rest), folders (every
                         .json, .http and .rest below), quoted glob patterns and - (standard input)
  docs <pages...>        Lint API reference pages (Graph docs Markdown; folders: every .md below):
                         every annotated request, response and example, and the exchanges they form
  exchange <folders...>  Lint the exchange kept in each folder: request.http or request.json,
                         response.http or response.json, notification-<n>.json or .http (in number order)
  rules                  List every rule: id, severity, what it checks; --for <path>: the severity
                         each has for that file under the config, and where it comes from
  simulate               Play Graph for a bot under test on 127.0.0.1 until SIGINT/SIGTERM, then
                         report what the bot did wrong: [--port n] [--scenario file]
                         [--record folder] [--format name] (docs/simulator.md)

Options of validate, docs and exchange:
  --kind <kind>         validate only: check every file as ${kinds.join(' | ')}
  --api-version <v>     Check against ${apiVersions.join(' | ')}: under v1.0, what only beta declares is an
                        error (default: the config's apiVersion, else the version an HTTP request's
                        path names, else beta)
  --format <name>       ${'stylish (default) | json | github | sarif | junit'}
  --format <name>=<file>
                        Write that report to a file; give --format once per report (one may
                        go to standard output): --format stylish --format sarif=lint.sarif
  --output <file>       Write the report (one --format) to a file instead of standard output (-)
  --baseline <file>     Accept the problems the baseline lists (by file, rule id, JSON pointer):
                        report and count only new ones, and list entries that no longer occur
  --write-baseline <file>
                        Write every problem found as a baseline (sorted); exit 0, or 1 when a
                        file was not checked (json-syntax, kind-unknown...: never accepted)
  --stdin-path <path>   The path standard input (given as -) stands for: its kind, config and report
  --max-warnings <n>    Exit 1 when there are more than n warnings (-1: no limit)
  --strict              Exit 1 on any warning
  --max-bytes <n>       Size limit of one file (default ${defaultMaxBytes})
  --max-problems <n>    Problems listed per file, at least 1; the rest are counted in one
                        too-many-problems (default ${defaultMaxProblems})
  --fix                 validate only: rewrite each file with the fixes that are certain (see the
                        rules list), then report what remains
  --fix-dry-run         validate only: print those fixes as a unified diff; write nothing
  --allow-empty         A pattern or folder that matches no file is not an error
  --config <file>       Config file (default: graph-invite-contract.config.json or the
                        graphInviteContract key of package.json, found upwards)
  --color, --no-color   Force colour on or off (default: FORCE_COLOR, else on a TTY unless NO_COLOR is set)
  -h, --help            Show this help
  -v, --version         Show the version

docs and exchange print what they found (payloads, exchanges) on standard error.
validate spreads 2,000 files or more over worker threads, one per core; GRAPH_INVITE_CONTRACT_THREADS=n
sets the number of threads (1: the main thread alone). The report is the same either way.

Exit status: 0 no errors, 1 errors (or warnings beyond --max-warnings / --strict), 2 could not lint.
`;

/** A command line the CLI cannot run: the message is followed by the usage text, and the exit status is 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
