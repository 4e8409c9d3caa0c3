import { terminalIO } from '../../../src/cli/terminal-io.ts';
import { details, heading, list, table, text } from '../../../src/stages/io.ts';

type Spec = {
  changes: { kind: 'count'; description: string };
  plan: { kind: 'json'; description: string };
};

function capture(json = false) {
  const out: string[] = [];
  const err: string[] = [];
  const io = terminalIO<Spec>({
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    json,
    cwd: '/work/x',
  });
  return { io, out, err };
}

describe('terminal stage I/O', () => {
  it('prints the report as plain text: tables padded, code marks dropped, blocks apart', () => {
    const { io, out, err } = capture();
    io.report(heading('cutover plan: `shop`'), table(['ring', 'tenants'], [['canary', '1']]));
    io.report(list(['namespace `a` was deleted']), details('Changes', ['+ Role x'], 'diff'));
    io.report(text('API requests: 1 reads.'));
    expect(out.join('\n')).toBe(
      [
        'cutover plan: shop',
        '',
        'ring    tenants',
        '──────  ───────',
        'canary  1',
        '',
        '- namespace a was deleted',
        '',
        'Changes:',
        '+ Role x',
        '',
        'API requests: 1 reads.',
      ].join('\n'),
    );
    expect(err).toEqual([]);
  });

  it('progress and warnings go to stderr, warnings with their place', () => {
    const { io, out, err } = capture();
    io.progress('[canary] a: 1 created');
    io.warning('unused key', { file: 'cutover.yaml', line: 3, column: 5 });
    expect(err).toEqual(['[canary] a: 1 created', 'warning: cutover.yaml:3:5: unused key']);
    expect(out).toEqual([]);
  });

  it('keeps the outputs as set, and with --json keeps stdout for them (the report goes to stderr)', () => {
    const { io, out, err } = capture(true);
    io.setOutput('changes', 2);
    io.setOutput('plan', { rings: [] });
    io.report(heading('cutover plan'));
    expect(io.outputs).toEqual({ changes: 2, plan: { rings: [] } });
    expect(out).toEqual([]);
    expect(err).toEqual(['cutover plan']);
    expect(io.workspace).toBe('/work/x');
  });
});
