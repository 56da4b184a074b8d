// Drives yaml-language-server over stdio (LSP JSON-RPC) the way an editor does: the file
// is opened with a `$schema` modeline's worth of configuration (`yaml.schemas`), the
// server's diagnostics for it are collected, and completion is asked for at a position.
//
//   node yaml-ls.js SCHEMA.json FILE.yaml [LINE COLUMN]   (0-based, as LSP counts)
//
// Prints {"diagnostics": [...], "completion": [labels]} as JSON.
"use strict";
const { spawn } = require("child_process");
const fs = require("fs");
const path = require("path");
const { pathToFileURL } = require("url");

const [schemaPath, filePath, line, column] = process.argv.slice(2);
const schemaUri = pathToFileURL(path.resolve(schemaPath)).href;
const fileUri = pathToFileURL(path.resolve(filePath)).href;
const server = spawn(process.env.YAML_LANGUAGE_SERVER || "yaml-language-server", ["--stdio"], {
  stdio: ["pipe", "pipe", "inherit"],
});

let nextId = 1;
const pending = new Map();
let buffer = Buffer.alloc(0);
let diagnostics = null;
let onDiagnostics = null;

function send(message) {
  const body = Buffer.from(JSON.stringify({ jsonrpc: "2.0", ...message }), "utf8");
  server.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
  server.stdin.write(body);
}
function request(method, params) {
  const id = nextId++;
  send({ id, method, params });
  return new Promise((resolve) => pending.set(id, resolve));
}
function notify(method, params) {
  send({ method, params });
}

server.stdout.on("data", (chunk) => {
  buffer = Buffer.concat([buffer, chunk]);
  for (;;) {
    const head = buffer.indexOf("\r\n\r\n");
    if (head < 0) return;
    const length = Number(/Content-Length: (\d+)/i.exec(buffer.slice(0, head).toString())[1]);
    if (buffer.length < head + 4 + length) return;
    const msg = JSON.parse(buffer.slice(head + 4, head + 4 + length).toString("utf8"));
    buffer = buffer.slice(head + 4 + length);
    if (msg.id !== undefined && pending.has(msg.id) && msg.method === undefined) {
      pending.get(msg.id)(msg.result);
      pending.delete(msg.id);
    } else if (msg.method === "workspace/configuration") {
      send({ id: msg.id, result: msg.params.items.map(() => settings.yaml) });
    } else if (msg.id !== undefined && msg.method) {
      send({ id: msg.id, result: null });
    } else if (msg.method === "textDocument/publishDiagnostics" && msg.params.uri === fileUri) {
      diagnostics = msg.params.diagnostics;
      if (onDiagnostics) onDiagnostics();
    }
  }
});

const settings = {
  yaml: {
    validate: true,
    completion: true,
    hover: false,
    schemaStore: { enable: false },
    schemas: { [schemaUri]: [fileUri] },
  },
};

const timer = setTimeout(() => {
  console.error("yaml-language-server did not answer within 60 s");
  process.exit(3);
}, 60000);

(async () => {
  await request("initialize", {
    processId: process.pid,
    rootUri: pathToFileURL(path.dirname(path.resolve(filePath))).href,
    capabilities: { workspace: { configuration: true }, textDocument: { completion: {} } },
  });
  notify("initialized", {});
  notify("workspace/didChangeConfiguration", { settings });
  const got = new Promise((resolve) => (onDiagnostics = resolve));
  notify("textDocument/didOpen", {
    textDocument: { uri: fileUri, languageId: "yaml", version: 1, text: fs.readFileSync(filePath, "utf8") },
  });
  await got;
  let completion = [];
  if (line !== undefined) {
    const result = await request("textDocument/completion", {
      textDocument: { uri: fileUri },
      position: { line: Number(line), character: Number(column) },
    });
    const items = Array.isArray(result) ? result : (result && result.items) || [];
    completion = items.map((i) => i.label).sort();
  }
  console.log(JSON.stringify({ diagnostics, completion }));
  clearTimeout(timer);
  await request("shutdown", null);
  notify("exit", null);
  server.stdin.end();
  setTimeout(() => process.exit(0), 200);
})();
