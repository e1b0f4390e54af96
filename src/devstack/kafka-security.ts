import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';

import { runCommand } from './run-command.js';

/** The SASL mechanisms the local SASL_SSL listener accepts, as Kafka spells them. */
export const KafkaSaslMechanism = {
  plain: 'PLAIN',
  scramSha256: 'SCRAM-SHA-256',
  scramSha512: 'SCRAM-SHA-512',
} as const;
export type KafkaSaslMechanism = (typeof KafkaSaslMechanism)[keyof typeof KafkaSaslMechanism];

export interface KafkaSaslUser {
  readonly mechanism: KafkaSaslMechanism;
  readonly username: string;
  /** A file holding the password alone, as a client configuration points at it. */
  readonly passwordFile: string;
}

/** What a client needs to reach the SASL_SSL listener: the CA that signed the broker, and users. */
export interface KafkaSecurity {
  readonly caFile: string;
  /** Private key and certificate chain of the broker in one PEM file (ssl.keystore.type=PEM). */
  readonly keystoreFile: string;
  readonly users: readonly KafkaSaslUser[];
}

const OPENSSL_TIMEOUT_MS = 60_000;
const CERT_DAYS = 7;
const USERS: readonly { mechanism: KafkaSaslMechanism; username: string }[] = [
  { mechanism: KafkaSaslMechanism.plain, username: 'egress-plain' },
  { mechanism: KafkaSaslMechanism.scramSha256, username: 'egress-scram-256' },
  { mechanism: KafkaSaslMechanism.scramSha512, username: 'egress-scram-512' },
];

/**
 * A throw-away CA, a broker certificate for 127.0.0.1 and localhost signed by it, and one user
 * per mechanism with a random password in its own file. Made fresh for every broker instance.
 */
export async function createKafkaSecurity(dir: string, logger: Logger): Promise<KafkaSecurity> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const openssl = (step: string, args: string[]) =>
    runCommand(
      {
        name: `openssl ${step}`,
        command: 'openssl',
        args,
        cwd: dir,
        logFile: join(dir, 'openssl.log'),
      },
      logger,
      OPENSSL_TIMEOUT_MS,
    );
  await openssl('CA', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    String(CERT_DAYS),
    '-subj',
    '/CN=flyte-egress local test CA',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
  ]);
  await openssl('broker request', [
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=localhost',
    '-keyout',
    'broker.key',
    '-out',
    'broker.csr',
  ]);
  await writeFile(join(dir, 'broker.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  await openssl('broker certificate', [
    'x509',
    '-req',
    '-in',
    'broker.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    String(CERT_DAYS),
    '-extfile',
    'broker.ext',
    '-out',
    'broker.crt',
  ]);
  const keystoreFile = join(dir, 'broker-keystore.pem');
  const [key, cert] = await Promise.all([
    readFile(join(dir, 'broker.key'), 'utf8'),
    readFile(join(dir, 'broker.crt'), 'utf8'),
  ]);
  await writeFile(keystoreFile, `${key.trim()}\n${cert.trim()}\n`, { mode: 0o600 });
  const users = await Promise.all(USERS.map((user) => writeUser(dir, user)));
  return { caFile: join(dir, 'ca.pem'), keystoreFile, users };
}

async function writeUser(
  dir: string,
  user: { mechanism: KafkaSaslMechanism; username: string },
): Promise<KafkaSaslUser> {
  const passwordFile = join(dir, `${user.username}.password`);
  await writeFile(passwordFile, `${randomBytes(18).toString('hex')}\n`, { mode: 0o600 });
  await chmod(passwordFile, 0o600);
  return { ...user, passwordFile };
}

export async function passwordOf(user: KafkaSaslUser): Promise<string> {
  return (await readFile(user.passwordFile, 'utf8')).trim();
}

/**
 * Broker settings of the SASL_SSL listener besides its address: the PEM keystore, the enabled
 * mechanisms, PLAIN users in the JAAS config, and SCRAM, whose credentials live in the metadata
 * log (see scramFormatArgs).
 */
export async function saslSslSettings(security: KafkaSecurity): Promise<Record<string, string>> {
  const plainUsers = security.users.filter((u) => u.mechanism === KafkaSaslMechanism.plain);
  const plainEntries = await Promise.all(
    plainUsers.map(async (u) => `user_${u.username}="${await passwordOf(u)}"`),
  );
  const scram = 'org.apache.kafka.common.security.scram.ScramLoginModule required;';
  return {
    'ssl.keystore.type': 'PEM',
    'ssl.keystore.location': security.keystoreFile,
    'ssl.client.auth': 'none',
    'sasl.enabled.mechanisms': Object.values(KafkaSaslMechanism).join(','),
    'listener.name.sasl_ssl.plain.sasl.jaas.config': [
      'org.apache.kafka.common.security.plain.PlainLoginModule required',
      ...plainEntries,
    ]
      .join(' ')
      .concat(';'),
    'listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config': scram,
    'listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config': scram,
  };
}

/** `--add-scram` arguments of the storage tool, which writes SCRAM users at format time. */
export async function scramFormatArgs(security: KafkaSecurity): Promise<string[]> {
  const scramUsers = security.users.filter((u) => u.mechanism !== KafkaSaslMechanism.plain);
  const args = await Promise.all(
    scramUsers.map(async (u) => [
      '--add-scram',
      `${u.mechanism}=[name=${u.username},password=${await passwordOf(u)}]`,
    ]),
  );
  return args.flat();
}

/** Replaces every user's password in `text`, so that a failure message can be shown. */
export async function redactPasswords(security: KafkaSecurity, text: string): Promise<string> {
  let result = text;
  for (const user of security.users) {
    result = result.split(await passwordOf(user)).join('[redacted]');
  }
  return result;
}
