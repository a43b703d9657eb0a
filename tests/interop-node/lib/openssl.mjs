// The OpenSSL command line, the only CMS implementation this peer uses.
import { execFile } from 'node:child_process';

/** Runs `openssl` with an argument list; resolves to { code, stdout, stderr } and never throws for a non-zero exit. */
export function openssl(args, { input } = {}) {
  return new Promise((resolve, reject) => {
    const child = execFile('openssl', args, { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') {
        reject(new Error(`cannot run openssl (${error.code}): install the OpenSSL command line (Debian package 'openssl')`));
        return;
      }
      resolve({ code: error ? error.code : 0, stdout, stderr: stderr.toString('utf8') });
    });
    if (input) child.stdin.end(input);
  });
}

/** Runs `openssl` and throws with its standard error unless it exits with 0. */
export async function opensslOk(args, options) {
  const result = await openssl(args, options);
  if (result.code !== 0) {
    throw new Error(`openssl ${args.join(' ')} exited with ${result.code}: ${result.stderr.trim()}`);
  }
  return result;
}
