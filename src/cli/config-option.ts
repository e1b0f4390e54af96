import type { Command } from 'commander';
import { ConfigError } from '../config/config-error.js';
import { loadConfigFile, type EgressConfig } from '../config/load-config.js';

export const CONFIG_ENV = 'FLYTE_EGRESS_CONFIG';

export function addConfigOption(command: Command): Command {
  return command.option('-c, --config <file>', `configuration file (default: $${CONFIG_ENV})`);
}

/** Loads the file named by --config or FLYTE_EGRESS_CONFIG; ConfigError propagates to exit code 2. */
export function configFrom(options: { config?: string }): EgressConfig {
  const path = options.config ?? process.env[CONFIG_ENV];
  if (!path) {
    throw new ConfigError([
      {
        path: '(file)',
        message: `expected a configuration file: pass --config <file> or set ${CONFIG_ENV}`,
      },
    ]);
  }
  return loadConfigFile(path);
}
