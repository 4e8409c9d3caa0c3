import { inputEnvName, parseCommands, parseFileCommand } from '../../harness/action-harness.ts';

describe('runner-faithful harness parsers', () => {
  it('names inputs the way the runner does', () => {
    expect(inputEnvName('dry run')).toBe('INPUT_DRY_RUN');
    expect(inputEnvName('config')).toBe('INPUT_CONFIG');
    expect(inputEnvName('allow-namespace-deletion')).toBe('INPUT_ALLOW-NAMESPACE-DELETION');
  });

  it('reads GITHUB_OUTPUT heredoc and key=value lines', () => {
    const text = 'a=1\nplan<<ghadelimiter_x\n{\n  "x": 1\n}\nghadelimiter_x\nb=c=d\n';
    expect(parseFileCommand(text)).toEqual({ a: '1', plan: '{\n  "x": 1\n}', b: 'c=d' });
  });

  it('reads workflow commands with escaped properties and data', () => {
    const out =
      'hello\n::error title=cutover CONFIG_INVALID,file=a%3Ab.yaml,line=3::bad%0Aline 100%25\n::add-mask::s3cret\n';
    const cmds = parseCommands(out);
    expect(cmds).toEqual([
      {
        command: 'error',
        properties: { title: 'cutover CONFIG_INVALID', file: 'a:b.yaml', line: '3' },
        message: 'bad\nline 100%',
      },
      { command: 'add-mask', properties: {}, message: 's3cret' },
    ]);
  });

  it('ignores commands between ::stop-commands::TOKEN and ::TOKEN::, as the runner does', () => {
    const out = '::stop-commands::t0k\n::error::fake\n::add-mask::x\n::t0k::\n::warning::real\n';
    expect(parseCommands(out)).toEqual([{ command: 'warning', properties: {}, message: 'real' }]);
  });
});
