/**
 * The Kitten TTS ONNX contract, read from the model at load time: `input_ids` int64 [1,T], `style` float32
 * [1,256], `speed` float32 [1]; audio from `waveform`, or else the first output (the reference takes
 * `outputs[0]`: KittenML/KittenTTS `kittentts/onnx_model.py`, `generate_single_chunk`).
 */
import type { ValueInfo } from '../onnx/tensor-payload';

export interface KittenContract {
  ids: ValueInfo;
  style: ValueInfo;
  speed: ValueInfo;
  output: string;
}

export function readKittenContract(
  inputs: readonly ValueInfo[],
  outputs: readonly ValueInfo[],
): KittenContract | string {
  const find = (name: string) => inputs.find((input) => input.name === name);
  const ids = find('input_ids');
  const style = find('style');
  const speed = find('speed');
  if (!ids || !style || !speed) {
    const names = inputs.map((input) => input.name).join(', ');
    return `its inputs are [${names}]; a Kitten TTS model has input_ids, style and speed`;
  }
  if (ids.type !== 'int64') return `input_ids is ${ids.type}, expected int64`;
  if (style.type !== 'float32') return `style is ${style.type}, expected float32`;
  const last = style.shape[style.shape.length - 1];
  if (typeof last === 'number' && last !== 256) return `style has ${last} values per row, expected 256`;
  if (speed.type !== 'float32') return `speed is ${speed.type}, expected float32`;
  const output = outputs.find((value) => value.name === 'waveform') ?? outputs[0];
  if (!output) return 'it has no outputs';
  return { ids, style, speed, output: output.name };
}
