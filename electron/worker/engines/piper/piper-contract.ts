/**
 * The Piper (VITS) ONNX contract, read from the model: `input` int64 [1,T], `input_lengths` int64 [1],
 * `scales` float32 [3] (noise_scale, length_scale, noise_w), `sid` int64 [1] in multi-speaker voices;
 * audio from `output` float32 [1,1,1,S] (or the first output).
 */
import type { ValueInfo } from '../onnx/tensor-payload';

export interface PiperContract {
  hasScales: boolean;
  hasSid: boolean;
  output: string;
}

export function readPiperContract(
  inputs: readonly ValueInfo[],
  outputs: readonly ValueInfo[],
  numSpeakers: number,
): PiperContract | string {
  const find = (name: string) => inputs.find((input) => input.name === name);
  const names = inputs.map((input) => input.name).join(', ');
  const input = find('input');
  const lengths = find('input_lengths');
  if (!input || !lengths)
    return `its inputs are [${names}]; a Piper model has input, input_lengths and scales`;
  if (input.type !== 'int64' || lengths.type !== 'int64') return 'input and input_lengths must be int64';
  const sid = find('sid');
  if (numSpeakers > 1 && !sid) return `the config has ${numSpeakers} speakers but the model has no sid input`;
  const output = outputs.find((value) => value.name === 'output') ?? outputs[0];
  if (!output) return 'it has no outputs';
  return { hasScales: find('scales') !== undefined, hasSid: sid !== undefined, output: output.name };
}
