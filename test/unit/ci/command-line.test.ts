import { splitCommandLine, shellSyntaxIn } from '../../../src/ci/command-line.ts';

describe('splitCommandLine', () => {
  it.each([
    ['npm run lint', ['npm', 'run', 'lint']],
    ['  go   test ./...  ', ['go', 'test', './...']],
    [`pytest -k 'not slow and not e2e'`, ['pytest', '-k', 'not slow and not e2e']],
    [`echo "a \\"quoted\\" word" x`, ['echo', 'a "quoted" word', 'x']],
    [`echo a\\ b ''`, ['echo', 'a b', '']],
    [`echo $HOME '*.ts'`, ['echo', '$HOME', '*.ts']],
  ])('%s', (line, words) => {
    expect(splitCommandLine(line, 'run')).toEqual(words);
  });

  it('names the field of an unclosed quote and offers a shell', () => {
    expect(() => splitCommandLine(`echo 'oops`, 'ci.steps[2].run')).toThrow(
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        message: "ci.steps[2].run: a ' quote is never closed",
        hint: expect.stringContaining('shell: bash'),
      }),
    );
  });

  it('refuses a line without a command', () => {
    expect(() => splitCommandLine(`''`, 'run')).not.toThrow();
    expect(() => splitCommandLine('   ', 'run')).toThrow(/expected a command/);
  });
});

describe('shellSyntaxIn', () => {
  it.each([
    ['npm ci && npm test', '&&'],
    ['go test ./... | tee out', '|'],
    ['make > log', '>'],
    ['a; b', undefined], // `a;` is one word to split: not a separate `;`
    ['npm run lint', undefined],
    ['echo a|b', undefined],
  ])('%s', (line, found) => {
    expect(shellSyntaxIn(line)).toBe(found);
  });
});
