// Runs a .tflite file in LiteRT (@litertjs/core: LiteRT compiled to WebAssembly, XNNPACK CPU path) under
// plain Node.js, one row at a time, and writes the outputs. Frontier's Java side (tflite/LiteRtRunner) calls
// it; it can also be run by hand:
//
//   node run-tflite.mjs MODEL.tflite ROWS.f32 OUT.f32
//
// ROWS.f32: float32 little-endian, the rows one after another, each with as many values as the model's
// first input has per batch row (the file's input shape is [1, ...]). OUT.f32: the model's first output for
// every row, float32 little-endian (int8 outputs are not expected: Frontier's files keep float interfaces).
// Prints one JSON line: {"rows", "inputShape", "inputDtype", "outputShape", "outputDtype", "messages"}.
// LiteRT reports a model it cannot prepare (e.g. a weight zero-point other than 0) only on the console and
// then returns zeros: every message it prints is caught here, and any message but its start-up notes
// (INFO lines, no WebGPU and no NPU under Node) is a failure (exit 3).
//
// The package targets browsers; four shims make it run under Node.js: `self`, `require`, `__dirname` (the
// package's wasm/ folder) and `importScripts` (which evaluates the loader script in this context).
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import module from 'node:module';
import {fileURLToPath} from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const wasmDir = path.join(here, 'node_modules', '@litertjs', 'core', 'wasm');
if (!fs.existsSync(wasmDir)) {
  console.error(`@litertjs/core is not installed in ${here}: run "npm ci" there (scripts/setup.sh does)`);
  process.exit(4);
}

const [modelPath, rowsPath, outPath] = process.argv.slice(2);
if (!modelPath || !rowsPath || !outPath) {
  console.error('usage: node run-tflite.mjs MODEL.tflite ROWS.f32 OUT.f32');
  process.exit(2);
}

const messages = [];
const BENIGN = [/^INFO: /, /Failed to create default WebGPU device: ReferenceError: navigator is not defined/,
  /NPU accelerator could not be loaded and registered/];
const capture = (level) => (...args) => {
  const text = args.map(String).join(' ');
  if (!BENIGN.some((re) => re.test(text))) messages.push(`${level}: ${text}`);
};
const originalError = console.error;
console.error = capture('error');
console.warn = capture('warn');

globalThis.self = globalThis;
globalThis.require = module.createRequire(import.meta.url);
globalThis.__dirname = wasmDir;
globalThis.importScripts = (...files) => {
  for (const f of files) {
    const file = f.startsWith('file:') ? fileURLToPath(f) : (path.isAbsolute(f) ? f : path.join(wasmDir, path.basename(f)));
    vm.runInThisContext(fs.readFileSync(file, 'utf8'), {filename: file});
  }
};

function fail(message, code) {
  originalError(JSON.stringify({error: message, messages}));
  process.exit(code);
}

try {
  const {loadLiteRt, loadAndCompile, Tensor} = await import('@litertjs/core');
  await loadLiteRt(wasmDir + '/');
  const model = await loadAndCompile(new Uint8Array(fs.readFileSync(modelPath)), {accelerator: 'wasm'});
  const input = model.getInputDetails()[0];
  const output = model.getOutputDetails()[0];
  const perRow = input.shape.slice(1).reduce((a, b) => a * b, 1);
  const raw = fs.readFileSync(rowsPath);
  const values = new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4);
  if (values.length % perRow !== 0) {
    fail(`${rowsPath} holds ${values.length} floats, not a multiple of ${perRow} (input shape ${Array.from(input.shape)})`, 2);
  }
  const rows = values.length / perRow;
  const outPerRow = output.shape.slice(1).reduce((a, b) => a * b, 1);
  const out = new Float32Array(rows * outPerRow);
  const shape = [1, ...Array.from(input.shape.slice(1))];
  for (let r = 0; r < rows; r++) {
    const t = new Tensor(values.slice(r * perRow, (r + 1) * perRow), shape);
    const results = await model.run(t);
    const y = results[0].toTypedArray();
    if (y.length !== outPerRow) {
      fail(`row ${r}: output has ${y.length} values, expected ${outPerRow}`, 3);
    }
    out.set(y, r * outPerRow);
    t.delete();
    for (const x of results) x.delete();
    if (messages.length > 0) {
      fail(`LiteRT reported a problem at row ${r}`, 3);
    }
  }
  fs.writeFileSync(outPath, Buffer.from(out.buffer));
  if (messages.length > 0) {
    fail('LiteRT reported a problem', 3);
  }
  console.log(JSON.stringify({
    rows, inputShape: Array.from(input.shape), inputDtype: input.dtype,
    outputShape: Array.from(output.shape), outputDtype: output.dtype, messages,
  }));
  process.exit(0);
} catch (e) {
  fail(String(e && e.stack || e), 3);
}
