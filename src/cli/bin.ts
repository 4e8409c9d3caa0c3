// Process entry of the `cutover` command (bundled to dist/cli.js).
import { main } from './main.ts';

process.exitCode = await main(process.argv.slice(2));
