/**
 * A step's command line split into words the way a POSIX shell would split a simple command
 * (single quotes literal, double quotes with `\` escapes, `\` outside quotes), and nothing
 * more: no variables, globs, pipes or `&&`. The words are run directly, so text that came
 * from a config or an input never becomes shell syntax. A step that wants a shell says so.
 */
import { CutoverError } from '../errors.ts';

export function splitCommandLine(line: string, field: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!))
        word += line[++i];
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote)
    throw new CutoverError('CONFIG_INVALID', `${field}: a ${quote} quote is never closed`, {
      hint: 'close the quote, or set `shell: bash` to run the line as a shell script',
    });
  if (inWord) words.push(word);
  if (words.length === 0)
    throw new CutoverError('CONFIG_INVALID', `${field}: expected a command, found none`);
  return words;
}

/** Words that a shell would treat specially: a sign the author meant `shell: bash`. */
export function shellSyntaxIn(line: string): string | undefined {
  return /(^|\s)(\||&&|\|\||;|>|>>|<|2>&1)(\s|$)/.exec(line)?.[2];
}
