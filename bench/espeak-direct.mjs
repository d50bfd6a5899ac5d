// The pipeline benchmark's baseline: "calling espeak-ng directly", as a user would from a script. A plain
// Node program (no TypeScript, no app code) loads the same espeak-ng build the app bundles, synthesises each
// turn with its speaker's voice, rate and pitch in one call, and writes the samples as a 16-bit WAV at
// espeak's own rate. It runs in a fresh process like the CLI it is compared with, so both pay process start,
// loading espeak and a cold JIT.
//
// Usage: node bench/espeak-direct.mjs <turns.json> <out.wav>
//   turns.json: [{ "voice": "en-us+m3", "wordsPerMinute": 175, "pitch": 50, "text": "..." }, ...]
import fs from 'node:fs';
import createEspeakModule from '@echogarden/espeak-ng-emscripten';

const [turnsPath, outPath] = process.argv.slice(2);
if (!turnsPath || !outPath) {
  process.stderr.write('usage: node bench/espeak-direct.mjs <turns.json> <out.wav>\n');
  process.exit(2);
}
const turns = JSON.parse(fs.readFileSync(turnsPath, 'utf8'));
const espeak = await createEspeakModule();
const engine = new espeak.eSpeakNGWorker();
const sampleRate = engine.get_samplerate();
const blocks = [];
let samples = 0;
const callback = espeak.addFunction((audioPtr, length) => {
  if (length > 0) {
    blocks.push(espeak.HEAP16.slice(audioPtr >> 1, (audioPtr >> 1) + length));
    samples += length;
  }
  return 0;
}, 'iiii');
for (const turn of turns) {
  if (engine.set_voice(turn.voice) !== 0) throw new Error(`no voice ${turn.voice}`);
  engine.set_rate(turn.wordsPerMinute);
  engine.set_pitch(turn.pitch);
  engine.synth_(turn.text, callback);
}
espeak.removeFunction(callback);

const header = Buffer.alloc(44);
header.write('RIFF', 0);
header.writeUInt32LE(36 + samples * 2, 4);
header.write('WAVEfmt ', 8);
header.writeUInt32LE(16, 16);
header.writeUInt16LE(1, 20);
header.writeUInt16LE(1, 22);
header.writeUInt32LE(sampleRate, 24);
header.writeUInt32LE(sampleRate * 2, 28);
header.writeUInt16LE(2, 32);
header.writeUInt16LE(16, 34);
header.write('data', 36);
header.writeUInt32LE(samples * 2, 40);
const fd = fs.openSync(outPath, 'w');
fs.writeSync(fd, header);
for (const block of blocks)
  fs.writeSync(fd, new Uint8Array(block.buffer, block.byteOffset, block.byteLength));
fs.closeSync(fd);
process.stdout.write(`${JSON.stringify({ turns: turns.length, samples, sampleRate })}\n`);
