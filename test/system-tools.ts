import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

// The suite talks to real programs: redis-server (and redis-cli) and nginx, from the system's
// packages. On a machine without them the test command installs them when it may (root, or
// sudo without a password, and apt-get present; MCA_TEST_NO_INSTALL=1 forbids it), and
// otherwise stops at once with the one command to run — never a suite of skipped tests.

const PACKAGES = ['redis-server', 'redis-tools', 'nginx-light'];
const INSTALL = `sudo apt-get update && sudo apt-get install -y ${PACKAGES.join(' ')}`;

const works = (cmd: string, args: string[]) => {
  const probe = spawnSync(cmd, args, { stdio: 'ignore' });
  return !probe.error && probe.status === 0;
};

/** Debian installs nginx in /usr/sbin, which an unprivileged PATH may lack. */
const hasNginx = () => works('nginx', ['-v']) || (existsSync('/usr/sbin/nginx') && works('/usr/sbin/nginx', ['-v']));

function missing(): string[] {
  return [
    ...(works('redis-server', ['--version']) ? [] : ['redis-server']),
    ...(works('redis-cli', ['--version']) ? [] : ['redis-cli']),
    ...(hasNginx() ? [] : ['nginx']),
  ];
}

/** How this process may run apt-get: directly (root), through sudo -n, or not at all. */
function installer(): string[] | undefined {
  if (process.env.MCA_TEST_NO_INSTALL === '1' || !works('apt-get', ['--version'])) return undefined;
  if (process.getuid?.() === 0) return [];
  return works('sudo', ['-n', 'true']) ? ['sudo', '-n'] : undefined;
}

function run(prefix: string[], args: string[]): void {
  const [cmd, ...rest] = [...prefix, ...args];
  const result = spawnSync(cmd!, rest, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.error || result.status !== 0)
    throw new Error(`${[cmd, ...rest].join(' ')} failed (${result.error?.message ?? `exit ${result.status}`})`);
}

export function ensureSystemTools(): void {
  const lacking = missing();
  if (lacking.length === 0) return;
  const prefix = installer();
  if (!prefix) {
    throw new Error(
      `The tests need ${lacking.join(', ')} (real servers, no mocks). Install them and run the tests again:\n  ${INSTALL}`,
    );
  }
  process.stderr.write(`tests: installing ${PACKAGES.join(', ')} (missing: ${lacking.join(', ')})\n`);
  run(prefix, ['apt-get', 'update']);
  run(prefix, ['apt-get', 'install', '-y', ...PACKAGES]);
  // The packages may start system services; the tests start their own servers on free ports.
  for (const service of ['redis-server', 'nginx']) {
    const [cmd, ...args] = [...prefix, 'service', service, 'stop'];
    spawnSync(cmd!, args, { stdio: 'ignore' });
  }
  const still = missing();
  if (still.length > 0) throw new Error(`Still missing after installing: ${still.join(', ')}. Run: ${INSTALL}`);
}
