/** Registry credentials: masked first, written 0600 in a private folder, removed after. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  registerCredentials,
  withAuthFile,
  writeAuthFile,
} from '../../../src/package/credentials.ts';

const AUTH = { username: 'bot', password: 'tok-123' };

it('masks the password and the Basic pair', () => {
  const masked: string[] = [];
  expect(registerCredentials(AUTH, (s) => masked.push(s))).toBe(AUTH);
  expect(masked).toEqual(['tok-123', Buffer.from('bot:tok-123').toString('base64')]);
  expect(registerCredentials(undefined, () => {})).toBeUndefined();
  expect(() => registerCredentials({ username: 'bot', password: '' }, () => {})).toThrow(
    /without a password/,
  );
});

it('writes a containers auth.json, mode 0600 in a 0700 folder, and removes it', async () => {
  const file = await writeAuthFile('127.0.0.1:5000', AUTH);
  const path = file.path!;
  expect(statSync(path).mode & 0o777).toBe(0o600);
  expect(statSync(dirname(path)).mode & 0o777).toBe(0o700);
  expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({
    auths: { '127.0.0.1:5000': { auth: Buffer.from('bot:tok-123').toString('base64') } },
  });
  await file.remove();
  expect(existsSync(dirname(path))).toBe(false);
});

it('removes the file even when the step fails', async () => {
  let seen = '';
  await expect(
    withAuthFile('ghcr.io', AUTH, (p) => {
      seen = p!;
      throw new Error('push failed');
    }),
  ).rejects.toThrow('push failed');
  expect(existsSync(seen)).toBe(false);
  expect(await withAuthFile('ghcr.io', undefined, (p) => Promise.resolve(p))).toBeUndefined();
});
