import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Received } from './collectors.js';
import { faultsPath } from './fault-paths.js';

/** One line of the report: what a destination got against what it should have got. */
export interface FaultRow {
  readonly scenario: string;
  readonly destination: string;
  readonly produced: number;
  readonly expected: number;
  readonly delivered: number;
  readonly lost: number;
  readonly duplicates: number;
  readonly deadLettered: number;
  /** From the end of the fault to the last expected delivery; undefined without a fault. */
  readonly recoveryS: number | undefined;
  readonly peakRssMb: number;
  readonly wallS: number;
}

export interface Comparison {
  readonly scenario: string;
  readonly destination: string;
  readonly produced: number;
  readonly expectedIds: ReadonlySet<string>;
  readonly received: readonly Received[];
  readonly deadLettered: number;
  readonly faultEndMs?: number;
  readonly peakRssMb: number;
  readonly startedMs: number;
}

export function compare(input: Comparison): FaultRow {
  const copies = new Map<string, number>();
  let lastDeliveryMs = 0;
  for (const message of input.received) {
    if (!input.expectedIds.has(message.eventId)) continue;
    copies.set(message.eventId, (copies.get(message.eventId) ?? 0) + 1);
    lastDeliveryMs = Math.max(lastDeliveryMs, message.atMs);
  }
  const delivered = copies.size;
  let duplicates = 0;
  for (const count of copies.values()) duplicates += count - 1;
  const recoveryS =
    input.faultEndMs === undefined
      ? undefined
      : Math.max(0, lastDeliveryMs - input.faultEndMs) / 1000;
  return {
    scenario: input.scenario,
    destination: input.destination,
    produced: input.produced,
    expected: input.expectedIds.size,
    delivered,
    lost: input.expectedIds.size - delivered,
    duplicates,
    deadLettered: input.deadLettered,
    recoveryS,
    peakRssMb: Math.round(input.peakRssMb),
    wallS: Math.round((Date.now() - input.startedMs) / 100) / 10,
  };
}

const HEADER =
  '| scenario | destination | produced | expected | delivered | lost | duplicates | dead-lettered | recovery (s) | peak RSS (MiB) | wall (s) |';
const RULE = '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |';

export function formatRow(row: FaultRow): string {
  const recovery = row.recoveryS === undefined ? '-' : row.recoveryS.toFixed(1);
  return `| ${row.scenario} | ${row.destination} | ${row.produced} | ${row.expected} | ${row.delivered} | ${row.lost} | ${row.duplicates} | ${row.deadLettered} | ${recovery} | ${row.peakRssMb} | ${row.wallS} |`;
}

/**
 * Prints the rows and records them; report.md shows the latest row of each scenario and
 * destination, in scenario order, so the file of a full run holds that run's figures.
 */
export function reportRows(rows: readonly FaultRow[]): void {
  const log = faultsPath('rows.jsonl');
  for (const row of rows) {
    appendFileSync(log, `${JSON.stringify({ ...row, at: new Date().toISOString() })}\n`);
  }
  console.log([HEADER, RULE, ...rows.map(formatRow)].join('\n'));
  writeFileSync(faultsPath('report.md'), renderReport(log));
}

function renderReport(log: string): string {
  const latest = new Map<string, FaultRow & { at: string }>();
  const lines = existsSync(log) ? readFileSync(log, 'utf8').split('\n') : [];
  for (const line of lines) {
    if (!line.trim()) continue;
    const row = JSON.parse(line) as FaultRow & { at: string };
    latest.set(`${row.scenario}\u0000${row.destination}`, row);
  }
  const rows = [...latest.values()].sort(
    (a, b) => a.scenario.localeCompare(b.scenario) || a.destination.localeCompare(b.destination),
  );
  const body = rows.map((row) => `${formatRow(row)} ${row.at} |`);
  return [
    '# Fault-injection results',
    '',
    `${HEADER} measured at |`,
    `${RULE} --- |`,
    ...body,
    '',
  ].join('\n');
}
