import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { actionIO } from '../../../src/github/action-io.ts';
import { details, heading, table, text } from '../../../src/stages/io.ts';
import type { OutputSpec } from '../../../src/stages/outputs.ts';

// The runner's files are real files here, read back the way the runner parses them.
const spec = {
  changes: { kind: 'count', description: '' },
  drift: { kind: 'flag', description: '' },
  'ring-results': { kind: 'json', description: '' },
} as const satisfies OutputSpec;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cutover-action-io-'));
  process.env.GITHUB_OUTPUT = join(dir, 'output');
  process.env.GITHUB_STEP_SUMMARY = join(dir, 'summary');
  process.env.GITHUB_WORKSPACE = '/home/runner/work/shop';
  await writeFile(process.env.GITHUB_OUTPUT, '');
  await writeFile(process.env.GITHUB_STEP_SUMMARY, '');
});

/** name<<delimiter, value, delimiter: the runner's multi-line output format. */
function parseOutputs(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<]+)<<(.+)$/.exec(lines[i]!);
    if (!m) continue;
    const end = lines.indexOf(m[2]!, i + 1);
    result[m[1]!] = lines.slice(i + 1, end).join('\n');
    i = end;
  }
  return result;
}

describe('action stage I/O (@actions/core on the runner files)', () => {
  it('writes outputs by kind and the report as the job summary on flush', async () => {
    const io = actionIO(spec);
    expect(io.workspace).toBe('/home/runner/work/shop');
    io.setOutput('changes', 0);
    io.setOutput('drift', false);
    io.setOutput('ring-results', [{ ring: 'canary', status: 'ok' }]);
    io.report(heading('cutover provision-iac'), table(['ring'], [['canary']]));
    io.report(details('Would change', ['+ Role deployer'], 'diff'), text('API requests: 3.'));
    expect(await readFile(process.env.GITHUB_STEP_SUMMARY!, 'utf8')).toBe('');
    await io.flush();

    expect(parseOutputs(await readFile(process.env.GITHUB_OUTPUT!, 'utf8'))).toEqual({
      changes: '0',
      drift: 'false',
      'ring-results': '[{"ring":"canary","status":"ok"}]',
    });
    const summary = await readFile(process.env.GITHUB_STEP_SUMMARY!, 'utf8');
    expect(summary).toContain('<h3>cutover provision-iac</h3>');
    expect(summary).toContain('<th>ring</th>');
    expect(summary).toContain('<details><summary>Would change</summary>');
    expect(summary).toContain('```diff\n+ Role deployer\n```');
    expect(summary).toContain('API requests: 3.');
  });

  it('a second flush writes nothing again', async () => {
    const io = actionIO(spec);
    io.report(heading('once'));
    await io.flush();
    await io.flush();
    const summary = await readFile(process.env.GITHUB_STEP_SUMMARY!, 'utf8');
    expect(summary.match(/<h3>once<\/h3>/g)).toHaveLength(1);
  });
});
