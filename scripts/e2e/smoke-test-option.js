// Preloaded (`node --require`) into code-server builds that have no `--vscode-option` (4.93 has
// none): teaches code-server's command-line parser VS Code's own `--enable-smoke-test-driver`,
// which it then hands to the VS Code server with the rest of its options (toCodeArgs passes them
// all on). Without that option the workbench ignores extensionTestsPath in its URL's `payload`.
'use strict';
const fs = require('fs');
const path = require('path');

// Node hands its own flags (this --require) down to the processes code-server forks (extension
// host, file watcher, …): they do not need it, so it goes.
const at = process.execArgv.findIndex(
  (arg, i) => (arg === '--require' || arg === '-r') && path.resolve(process.execArgv[i + 1] ?? '') === __filename,
);
if (at !== -1) process.execArgv.splice(at, 2);

// In code-server itself, process.argv[1] is out/node/entry.js; its parser is out/node/cli.js.
const entry = process.argv[1] ?? '';
const cliFile = path.join(path.dirname(entry), 'cli.js');
if (path.basename(entry) === 'entry.js' && fs.existsSync(cliFile)) {
  const cli = require(cliFile);
  if (!cli.options || typeof cli.options !== 'object') throw new Error(`${cliFile} has no option table to extend`);
  cli.options['enable-smoke-test-driver'] ??= {
    type: 'boolean',
    description: 'Let the workbench run extension tests passed in its payload (VS Code server option).',
  };
}
