import { resolve } from 'node:path';
import { loadConfig, parseDuration } from '../config/index.ts';
import { CutoverError } from '../errors.ts';
import { defaultHolder } from '../kube/lease.ts';
import { checksOutput, gateReport, overallVerdict, roundLine, gateOf } from '../health/report.ts';
import { runGateOp } from '../health/run.ts';
import type { GateSchedule } from '../health/gate.ts';
import { releaseFailure } from '../release/report.ts';
import { clusterFromInputs } from './cluster-input.ts';
import type { healthGateInputs } from './inputs.ts';
import { heading } from './io.ts';
import type { healthGateOutputs } from './output-specs.ts';
import type { StageRun } from './stage.ts';

export const run: StageRun<typeof healthGateInputs, typeof healthGateOutputs> = async (
  inputs,
  io,
) => {
  const { config, environment } = await loadConfig(resolve(io.workspace, inputs.config), {
    environment: inputs.environment,
  });
  const outcomes = await runGateOp({
    cluster: clusterFromInputs(inputs, environment),
    config,
    tenants: inputs.tenants
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
    ring: inputs.ring || undefined,
    color: inputs.color,
    schedule: scheduleInputs(inputs),
    by: defaultHolder(),
    progress: (m) => io.progress(m),
    onRound: (unit, round) => io.progress(roundLine(unit, round)),
  });
  const verdict = overallVerdict(outcomes);
  io.setOutput('verdict', verdict);
  io.setOutput(
    'passed',
    outcomes.every((o) => gateOf(o)?.passed === true),
  );
  io.setOutput('checks', checksOutput(outcomes));
  io.report(heading(`cutover health-gate: ${verdict}`), ...gateReport(outcomes));
  const failure = releaseFailure(outcomes, 'cutover health-gate');
  if (failure) throw failure;
};

function scheduleInputs(inputs: { count?: number | undefined; interval?: string | undefined }) {
  const s: Partial<GateSchedule> = {};
  if (inputs.count !== undefined) {
    s.count = inputs.count;
    s.durationMs = undefined;
  }
  if (inputs.interval) {
    const ms = parseDuration(inputs.interval);
    if (ms === undefined || ms <= 0)
      throw new CutoverError(
        'INPUT_INVALID',
        `input \`interval\`: expected a duration like 10s, found ${JSON.stringify(inputs.interval)}`,
        {
          hint: 'write a number with a unit: ms, s, m or h (e.g. `10s`)',
        },
      );
    s.intervalMs = ms;
  }
  return s;
}
