/**
 * The Kokoro ONNX contract, read from the model at load time instead of assumed: token ids as `input_ids`
 * (v1.0 exports) or `tokens` (older ones), `style` float32 [1,256], `speed` float32 or int32 [1]; audio
 * from `waveform` (or the only output).
 */
import type { ValueInfo } from '../onnx/tensor-payload';

export interface KokoroContract {
  ids: ValueInfo;
  style: ValueInfo;
  speed: ValueInfo;
  output: string;
}

/** The contract, or a sentence saying what does not match. */
export function readKokoroContract(
  inputs: readonly ValueInfo[],
  outputs: readonly ValueInfo[],
): KokoroContract | string {
  const find = (name: string) => inputs.find((input) => input.name === name);
  const ids = find('input_ids') ?? find('tokens');
  const style = find('style');
  const speed = find('speed');
  const names = inputs.map((input) => input.name).join(', ');
  if (!ids || !style || !speed) {
    return `its inputs are [${names}]; a Kokoro model has input_ids (or tokens), style and speed`;
  }
  if (ids.type !== 'int64' && ids.type !== 'int32') return `${ids.name} is ${ids.type}, expected int64`;
  if (style.type !== 'float32') return `style is ${style.type}, expected float32`;
  if (speed.type !== 'float32' && speed.type !== 'int32')
    return `speed is ${speed.type}, expected float32 or int32`;
  const output =
    outputs.find((value) => value.name === 'waveform') ?? (outputs.length === 1 ? outputs[0] : undefined);
  if (!output)
    return `it has no "waveform" output (outputs: ${outputs.map((value) => value.name).join(', ')})`;
  return { ids, style, speed, output: output.name };
}
