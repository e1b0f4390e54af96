import type { EventType } from '../events/event-type.js';

/** What one destination received, checked against what it should have. */
export interface DestinationReport {
  readonly destination: string;
  readonly wants: string;
  readonly expected: number;
  readonly received: number;
  readonly missing: number;
  readonly duplicates: number;
  readonly bytesExact: boolean;
  /** Undefined where the destination does not keep order. */
  readonly inOrder: boolean | undefined;
  readonly byType: Record<EventType, number>;
}

export interface Expected {
  readonly eventId: string;
  readonly executionKey: string;
  readonly type: EventType;
  readonly base64: string;
}

export interface Received {
  readonly eventId: string;
  readonly executionKey: string;
  readonly type: EventType | undefined;
  readonly base64: string;
}

/** Compares received against expected: counts, exact payloads and per-execution order. */
export function compareDelivery(
  destination: string,
  wants: string,
  expected: readonly Expected[],
  received: readonly Received[],
  ordered: boolean,
): DestinationReport {
  const expectedById = new Map(expected.map((event) => [event.eventId, event]));
  const seen = new Set<string>();
  let duplicates = 0;
  let bytesExact = true;
  const byType: Record<EventType, number> = { workflow: 0, node: 0, task: 0 };
  for (const delivery of received) {
    if (seen.has(delivery.eventId)) duplicates++;
    seen.add(delivery.eventId);
    if (delivery.type) byType[delivery.type]++;
    if (expectedById.get(delivery.eventId)?.base64 !== delivery.base64) bytesExact = false;
  }
  const missing = expected.filter((event) => !seen.has(event.eventId)).length;
  return {
    destination,
    wants,
    expected: expected.length,
    received: received.length,
    missing,
    duplicates,
    bytesExact,
    inOrder: ordered ? sameOrderPerExecution(expected, received) : undefined,
    byType,
  };
}

function sameOrderPerExecution(
  expected: readonly Expected[],
  received: readonly Received[],
): boolean {
  const order = (list: readonly { executionKey: string; eventId: string }[]) => {
    const map = new Map<string, string[]>();
    const firstSeen = new Set<string>();
    for (const item of list) {
      if (firstSeen.has(item.eventId)) continue;
      firstSeen.add(item.eventId);
      map.set(item.executionKey, [...(map.get(item.executionKey) ?? []), item.eventId]);
    }
    return map;
  };
  const want = order(expected);
  const got = order(received);
  return [...want].every(([key, ids]) => (got.get(key) ?? []).join() === ids.join());
}

export function formatReports(reports: readonly DestinationReport[]): string {
  const header = [
    'destination',
    'wants',
    'expected',
    'received',
    'missing',
    'dups',
    'bytes exact',
    'in order',
    'workflow/node/task',
  ];
  const rows = reports.map((report) => [
    report.destination,
    report.wants,
    String(report.expected),
    String(report.received),
    String(report.missing),
    String(report.duplicates),
    report.bytesExact ? 'yes' : 'NO',
    report.inOrder === undefined ? 'n/a' : report.inOrder ? 'yes' : 'NO',
    `${report.byType.workflow}/${report.byType.node}/${report.byType.task}`,
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ');
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join(
    '\n',
  );
}
