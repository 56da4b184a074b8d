// A thin client: starts `grclint lsp` on the workspace folder and lets it do the rest.
'use strict';
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');
const fs = require('fs');
const path = require('path');

let client;

// The program to run: the configured path; else the binary this platform's package carries
// (bin/grclint, bin/grclint.exe on Windows); else `grclint` on the PATH.
function program() {
  const configured = vscode.workspace.getConfiguration('grclint').get('path');
  if (configured) return configured;
  const exe = process.platform === 'win32' ? 'grclint.exe' : 'grclint';
  const bundled = path.join(__dirname, 'bin', exe);
  if (fs.existsSync(bundled)) return bundled;
  return 'grclint';
}

function serverOptions() {
  const cfg = vscode.workspace.getConfiguration('grclint');
  const command = program();
  const args = ['lsp'];
  if (cfg.get('lang')) args.push('--lang', cfg.get('lang'));
  if (cfg.get('today')) args.push('--today', cfg.get('today'));
  return { command, args };
}

async function activate(context) {
  client = new LanguageClient('grclint', 'grclint', serverOptions(), {
    documentSelector: [{ scheme: 'file', language: 'yaml' }],
  });
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration('grclint') && client) {
        await client.stop();
        client = new LanguageClient('grclint', 'grclint', serverOptions(), client.clientOptions);
        await client.start();
      }
    })
  );
  await client.start();
}

async function deactivate() {
  if (client) await client.stop();
}

module.exports = { activate, deactivate };
