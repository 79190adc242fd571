/**
 * Figure 7: the Graph simulator driven by a small bot on loopback (bench-simulator-run.ts, a process per
 * run) against a bare node:http server that answers the same invites with a fixed body and fires the same
 * number of plain callbacks, round by round. The warm-up round is short and only checks that every invite
 * was answered 200 and every callback arrived.
 */
import { packageRoot } from '../src/paths.js';
import { atLeast, atMost, interleave, mb, ms, perRound, runNode, shown, spread, type Spread, type SummaryRow } from './bench-stats.js';
import { join } from 'node:path';

const simulatorRun = join(packageRoot, 'dist', 'scripts', 'bench-simulator-run.js');

/** What one run of bench-simulator-run.js prints. */
interface SimulatorRun {
  readonly invites: number;
  readonly time: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly heapQuarterMb: number;
  readonly heapEndMb: number;
  readonly rssQuarterMb: number;
  readonly rssEndMb: number;
  readonly callbacks: number;
  readonly answeredBad: number;
  readonly report: { readonly invites: { readonly accepted: number }; readonly callbacks?: { readonly delivered: number }; readonly errors?: number };
}

/** The targets: 1,000 invites a second with their callbacks, p99 under 50 ms, memory flat. */
const targetRate = 1_000;
const targetP99 = 50;
/** Invites a second in full: bench-stats' perSecond rounds to thousands. */
const perSecond = (value: number): string => `${Math.round(value).toLocaleString('en-US')}/s`;

export function simulatorFigure(plan: { readonly invites: number; readonly rounds: number }): SummaryRow[] {
  const warmupInvites = Math.min(plan.invites, 4_000);
  const run = (variant: 'simulator' | 'bare', warmup: boolean): SimulatorRun => {
    const invites = warmup ? warmupInvites : plan.invites;
    const result = JSON.parse(runNode(['--expose-gc', simulatorRun, variant, String(invites)], { cwd: packageRoot, rss: false }).stdout) as SimulatorRun;
    // Every round is checked, not only the warm-up: a figure with lost callbacks is not a figure.
    if (result.answeredBad !== 0 || result.callbacks !== invites * 2 || result.report.invites.accepted !== invites) {
      throw new Error(`${variant}: ${result.answeredBad} invites not answered 200, ${result.callbacks} of ${invites * 2} callbacks arrived, ${result.report.invites.accepted} accepted`);
    }
    if (variant === 'simulator' && (result.report.callbacks?.delivered !== invites * 2 || result.report.errors !== 0)) {
      throw new Error(`the simulator reported ${result.report.callbacks?.delivered} callbacks delivered of ${invites * 2} and ${result.report.errors} errors`);
    }
    return result;
  };
  const { rounds } = interleave({ rounds: plan.rounds, warmups: 1 }, { bare: (warmup) => run('bare', warmup), simulator: (warmup) => run('simulator', warmup) });
  const series = (pick: (r: (typeof rounds)[number]) => number): Spread => spread(rounds.map(pick));
  const n = (value: number): string => value.toLocaleString('en-US');
  const quarter = Math.floor(plan.invites / 4);
  console.log(`\n7. The Graph simulator: ${n(plan.invites)} invites from a bot on loopback (20 clients, 50 calls, delta rosters, 2 callbacks an invite, every one awaited), ${rounds.length} interleaved rounds, a process each`);
  console.log('   the baseline: a bare node:http server answering the same POST with a fixed 200 body and firing 2 plain callback POSTs (no lint, no token)');
  for (const variant of ['bare', 'simulator'] as const) {
    const pick = (r: (typeof rounds)[number]): SimulatorRun => r[variant];
    console.log(
      `   ${variant.padEnd(10)} ${shown(series((r) => pick(r).perSecond), perSecond)} invites   p50 ${shown(series((r) => pick(r).p50), ms)}   p99 ${shown(series((r) => pick(r).p99), ms)}   heap kept ${n(quarter)} → ${n(plan.invites)}: ${shown(series((r) => pick(r).heapQuarterMb), mb)} → ${shown(series((r) => pick(r).heapEndMb), mb)}   RSS ${shown(series((r) => pick(r).rssQuarterMb), mb)} → ${shown(series((r) => pick(r).rssEndMb), mb)}`,
    );
  }
  const label = `simulator, ${n(plan.invites)} invites`;
  const rate = series((r) => r.simulator.perSecond);
  const p99 = series((r) => r.simulator.p99);
  const heapEnd = series((r) => r.simulator.heapEndMb);
  const rssEnd = series((r) => r.simulator.rssEndMb);
  return [
    { figure: `${label}: invites per second vs bare node:http`, ours: perSecond(rate.median), baseline: perSecond(series((r) => r.bare.perSecond).median), ratio: perRound(rounds, (r) => r.simulator.perSecond / r.bare.perSecond) },
    { figure: `${label}: invites per second vs ${n(targetRate)}/s`, ours: perSecond(rate.median), baseline: perSecond(targetRate), ratio: perRound(rounds, (r) => r.simulator.perSecond / targetRate), target: atLeast(1) },
    { figure: `${label}: p99 invite latency vs ${targetP99} ms (bare's as baseline: ${ms(series((r) => r.bare.p99).median)})`, ours: ms(p99.median), baseline: ms(targetP99), ratio: perRound(rounds, (r) => r.simulator.p99 / targetP99), target: atMost(1) },
    { figure: `${label}: p50 invite latency vs bare node:http`, ours: ms(series((r) => r.simulator.p50).median), baseline: ms(series((r) => r.bare.p50).median), ratio: perRound(rounds, (r) => r.simulator.p50 / r.bare.p50) },
    { figure: `${label}: heap kept vs at ${n(quarter)} invites (flat)`, ours: mb(heapEnd.median), baseline: mb(series((r) => r.simulator.heapQuarterMb).median), ratio: perRound(rounds, (r) => r.simulator.heapEndMb / r.simulator.heapQuarterMb), target: atMost(1.25) },
    { figure: `${label}: RSS vs at ${n(quarter)} invites (flat)`, ours: mb(rssEnd.median), baseline: mb(series((r) => r.simulator.rssQuarterMb).median), ratio: perRound(rounds, (r) => r.simulator.rssEndMb / r.simulator.rssQuarterMb), target: atMost(1.25) },
  ];
}
