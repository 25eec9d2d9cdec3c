/**
 * Preloaded into a process with NODE_OPTIONS="--require <this file>" (by notebooks.bench.mjs, for the Jupyter
 * kernel): records that process's own peak resident set size (process.resourceUsage().maxRSS, a high-water mark)
 * in $LANDSCAPE_RSS_PROBE_DIR/<pid>.json every 200 ms and at exit, so a kernel killed at shutdown still leaves it.
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const dir = process.env.LANDSCAPE_RSS_PROBE_DIR;
if (dir) {
  const file = path.join(dir, `${process.pid}.json`);
  const started = Date.now();
  const write = () => {
    try {
      fs.writeFileSync(
        file,
        JSON.stringify({
          pid: process.pid,
          argv: process.argv.slice(1),
          max_rss_kb: process.resourceUsage().maxRSS,
          alive_ms: Date.now() - started,
        }),
      );
    } catch {
      // the bench removed the folder: nothing to record
    }
  };
  setInterval(write, 200).unref();
  process.on("exit", write);
}
