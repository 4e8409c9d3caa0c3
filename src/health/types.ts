/**
 * The gate's evidence: each check's result carries the numbers that led to it, each
 * round the results of all checks, the gate the rounds and its verdict.
 */
import type { HealthCheck } from '../config/index.ts';
import type { Color } from '../release/names.ts';
import type { Classification, Direction } from './stats/judge.ts';

export type CheckStatus = 'pass' | 'fail' | 'inconclusive';
export type GateVerdict = CheckStatus;

export interface CheckResult {
  /** The check's `name`, or its kind and what it looks at. */
  name: string;
  kind: HealthCheck['kind'] | 'judge';
  status: CheckStatus;
  /** One line with the numbers: "19/20 answered 200 (95%), p95 41 ms". */
  summary: string;
  /** The measured values, charted over the rounds (ratios 0..1, milliseconds, counts). */
  values: Record<string, number>;
  /** Longer evidence: stuck pods with their conditions and events, a response excerpt. */
  detail?: string[];
  /** A compare check's classification, which the judge scores with the others. */
  judged?: { classification: Classification; direction: Direction; weight: number };
}

export interface Round {
  /** 1-based. */
  index: number;
  /** When the round started, ms since the epoch. */
  at: number;
  /** ms since the gate started. */
  elapsedMs: number;
  status: CheckStatus;
  results: CheckResult[];
}

export interface GateResult {
  verdict: GateVerdict;
  /** Why, in one line: "2 failed rounds reached the failure limit 2". */
  reason: string;
  rounds: Round[];
  /** ms from the gate's start to its verdict. */
  durationMs: number;
}

/** What the checks look at: one tenant unit's color under test beside its live color. */
export interface GateTarget {
  unit: string;
  ring: string;
  tenant: string;
  namespace: string;
  app: string;
  /** The color under test. */
  color: Color;
  /** The live color, when it is another one (absent on a first release or after blue is gone). */
  baseline: Color | undefined;
  versions: Partial<Record<Color, string>>;
  /** Share of public traffic on the color under test, 0..100, and whether testers reach it. */
  weight: number;
  testers: boolean;
  /** The tenant's public hosts (routing's host templates rendered). */
  hosts: string[];
  /** Who runs the gate: the workflow run URL in Actions, host:pid in a terminal. */
  runUrl: string;
}

/** One configured check, ready to run round after round. */
export interface Check {
  readonly name: string;
  readonly kind: HealthCheck['kind'];
  run(round: RoundContext): Promise<CheckResult>;
}

export interface RoundContext {
  index: number;
  signal?: AbortSignal | undefined;
}
