// `npm run preflight`: checks the till's configuration against Centrapay before its first real sale (preflight-cli.ts).
import { runPreflightCli } from './preflight-cli';

runPreflightCli(process.env, (line) => console.log(line)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
