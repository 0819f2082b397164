// The VS Code extension of pilotlint: it starts `pilotlint server` for the
// workspace and hands it reports (YAML), rule files (*.rules) and
// pilotlint.toml; everything it shows comes from the server.
const { workspace } = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

function activate() {
  const command = workspace.getConfiguration('pilotlint').get('path') || 'pilotlint';
  client = new LanguageClient(
    'pilotlint',
    'pilotlint',
    { command, args: ['server'] },
    {
      documentSelector: [
        { scheme: 'file', language: 'yaml' },
        { scheme: 'file', language: 'pilotlint-rules' },
        { scheme: 'file', pattern: '**/pilotlint.toml' },
      ],
    },
  );
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
