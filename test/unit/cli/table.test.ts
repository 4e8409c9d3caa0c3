import { renderTable } from '../../../src/cli/table.ts';

describe('renderTable', () => {
  it('pads columns to the widest cell and rules the header', () => {
    const text = renderTable(
      ['ring', 'tenant'],
      [
        ['canary', 'acme'],
        ['main', 'globex-industries'],
      ],
    );
    expect(text.split('\n')).toEqual([
      'ring    tenant',
      '──────  ─────────────────',
      'canary  acme',
      'main    globex-industries',
    ]);
  });
});
