import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { decodePublished } from '../../consume/decode-published.js';

export function registerDecode(program: Command): void {
  program
    .command('decode')
    .description('turn a published SNS/SQS or Pub/Sub message back into readable JSON')
    .argument('[file]', 'file holding the message; standard input when omitted or -')
    .option('--subject <name>', 'message name, for a bare base64 SNS Message')
    .action((file: string | undefined, options: { subject?: string }) => {
      const text = readFileSync(file && file !== '-' ? file : 0, 'utf8');
      const decoded = decodePublished(text, options.subject);
      process.stdout.write(`${JSON.stringify(decoded, null, 2)}\n`);
    });
}
