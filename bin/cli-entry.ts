// The bundle's entry point (scripts/build-cli.mjs): the same as running the sources.
import { main } from '../electron/cli/main';

await main(process.argv.slice(2));
