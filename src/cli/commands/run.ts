import type { Command } from 'commander';
import { createAppContext } from '../../app/app-context.js';
import { startIngest } from '../../app/start-ingest.js';
import { startSinks } from '../../app/start-sinks.js';
import { createLogger } from '../../observability/logger.js';
import { addConfigOption, configFrom } from '../config-option.js';

type RoleOptions = { config?: string; sink?: string[] };

export function registerRoles(program: Command): void {
  addConfigOption(
    program.command('run').description('run every stage in one process: ingest, router and sinks'),
  ).action((options: RoleOptions) => runRole(options, { ingest: true, sinks: true }));
  addConfigOption(
    program.command('ingest').description('run the ingest stage: source topics and HTTP endpoint'),
  ).action((options: RoleOptions) => runRole(options, { ingest: true, sinks: false }));
  addConfigOption(
    program
      .command('worker')
      .description('run the router and sinks; start more workers to scale out')
      .option('--sink <name...>', 'run only these sinks'),
  ).action((options: RoleOptions) => runRole(options, { ingest: false, sinks: true }));
}

async function runRole(
  options: RoleOptions,
  roles: { ingest: boolean; sinks: boolean },
): Promise<void> {
  const config = configFrom(options);
  if (roles.sinks && config.sinks.length === 0) {
    throw new Error('no sinks are configured: add a sinks: list or a cloudEvents: block');
  }
  const logger = createLogger(config.logLevel);
  const app = await createAppContext(config, logger);
  app.lifecycle.handleSignals();
  if (roles.ingest) await startIngest(app);
  if (roles.sinks) await startSinks(app, options.sink ?? []);
  logger.info({ roles, metricsPort: app.metricsPort }, 'flyte-egress started');
}
