'use strict';
// Decode worker thread: receives { id, path, options } messages, answers with the decoded pixels (transferred).
const { parentPort, workerData } = require('node:worker_threads');
const core = require('./decode-core.cjs');

if (workerData && workerData.sharpConcurrency) core.setSharpConcurrency(workerData.sharpConcurrency);

parentPort.on('message', (message) => {
  core.decodeFile(message.path, message.options).then(
    (result) => {
      if (result.ok) parentPort.postMessage({ id: message.id, result }, [result.pixels.buffer]);
      else parentPort.postMessage({ id: message.id, result });
    },
    (error) => parentPort.postMessage({ id: message.id, result: { ok: false, reason: `decode failed: ${error && error.message ? error.message : String(error)}`, hash: '' } }),
  );
});
