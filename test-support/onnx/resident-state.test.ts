/**
 * Resident states on the onnxruntime thread (what Pocket TTS's KV cache lives in): made from a spec,
 * fed to runs by name, replaced by the outputs a run carries, copied independently, released.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OnnxSession } from '../../electron/worker/engines/onnx/onnx-session';
import { OrtThread } from '../../electron/worker/engines/onnx/ort-thread-client';
import type { StateEntrySpec } from '../../electron/worker/engines/onnx/ort-thread-protocol';
import { float32Tensor } from '../../electron/worker/engines/onnx/tensor-payload';
import { buildPocketFlowLmMain } from './pocket-test-models';
import { makeTempDir } from './test-helpers';

const temp = makeTempDir('resident-state');
const modelPath = path.join(temp.dir, 'flow_lm_main.onnx');
const thread = new OrtThread();
let session: OnnxSession;

const spec: StateEntrySpec[] = [
  { name: 'state_0', type: 'float32', dims: [2, 1, 8, 2, 4], fill: 'zeros' },
  { name: 'state_1', type: 'float32', dims: [0], fill: 'zeros' },
  { name: 'state_2', type: 'int64', dims: [1], fill: 'zeros' },
];
const carryAll = { out_state_0: 'state_0', out_state_1: 'state_1', out_state_2: 'state_2' };
const carryButStep = { out_state_0: 'state_0', out_state_1: 'state_1' };

const feeds = (frames: number, textRows: number) => ({
  sequence: float32Tensor(new Float32Array(frames * 32), [1, frames, 32]),
  text_embeddings: float32Tensor(new Float32Array(textRows * 16).fill(1), [1, textRows, 16]),
});

beforeAll(async () => {
  fs.writeFileSync(modelPath, buildPocketFlowLmMain({ layers: 1 }));
  session = await OnnxSession.open(thread, modelPath, ['cpu']);
});

afterAll(async () => {
  await session.release();
  await thread.dispose();
  temp.cleanup();
});

describe('resident states', () => {
  it('carries outputs into the state, sends only the rest back, and copies independently', async () => {
    const { generation } = session.home;
    const state = await thread.createState(generation, spec);
    await session.run(feeds(0, 5), { stateId: state, carry: carryAll });
    const step1 = await session.run(feeds(1, 0), { stateId: state, carry: carryAll });
    expect(Object.keys(step1).sort()).toEqual(['conditioning', 'eos_logit']);
    const copy = await thread.copyState(generation, state);
    await session.run(feeds(1, 0), { stateId: state, carry: carryAll });
    // Reading `step` (not carried): 5 text rows + 2 frames in the original, 5 + 1 in the copy, plus this call's 1.
    const original = await session.run(feeds(1, 0), { stateId: state, carry: carryButStep });
    const copied = await session.run(feeds(1, 0), { stateId: copy, carry: carryButStep });
    expect(Number((original.out_state_2?.data as BigInt64Array)[0])).toBe(8);
    expect(Number((copied.out_state_2?.data as BigInt64Array)[0])).toBe(7);
    await thread.releaseState(generation, copy);
    await expect(session.run(feeds(1, 0), { stateId: copy, carry: carryAll })).rejects.toThrow(
      /does not exist/,
    );
    await thread.releaseState(generation, state);
  });
});
