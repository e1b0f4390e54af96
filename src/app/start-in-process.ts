import type { Logger } from 'pino';
import type { EgressConfig } from '../config/load-config.js';
import { createAppContext, type AppContext } from './app-context.js';
import { Lifecycle } from './lifecycle.js';
import { startIngest } from './start-ingest.js';
import { startSinks } from './start-sinks.js';

export interface InProcessPipeline {
  readonly app: AppContext;
  readonly httpPort: number | undefined;
  stop(): Promise<void>;
}

/**
 * Every stage in the calling process, for the demo and the benchmark: like
 * `flyte-egress run`, but shutdown is the caller's and nothing exits the process.
 */
export async function startInProcess(
  config: EgressConfig,
  logger: Logger,
): Promise<InProcessPipeline> {
  const failures: string[] = [];
  const lifecycle = new Lifecycle(logger, config.shutdownTimeoutMs, (code) => {
    if (code !== 0) failures.push(`a component stopped for good (exit code ${code})`);
  });
  const app = await createAppContext(config, logger, lifecycle);
  const { httpPort } = await startIngest(app);
  if (config.sinks.length > 0) await startSinks(app);
  return {
    app,
    httpPort,
    stop: async () => {
      await lifecycle.shutdown();
      if (failures.length > 0) throw new Error(failures.join('; '));
    },
  };
}
