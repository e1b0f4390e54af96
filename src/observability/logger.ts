import { pino, type Logger, type LevelWithSilent } from 'pino';

/** The root logger: JSON lines on stderr so that stdout stays free for command output. */
export function createLogger(level: LevelWithSilent = 'info'): Logger {
  return pino(
    { level, base: { service: 'flyte-egress' }, timestamp: pino.stdTimeFunctions.isoTime },
    pino.destination(2),
  );
}

export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
