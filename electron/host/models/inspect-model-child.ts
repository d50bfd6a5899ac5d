/** Child process entry of the model inspector: reads the signature of the .onnx named in argv, replies, exits. */
import { readModelSignature } from './onnx-signature';

const reply = await readModelSignature(process.argv[2] ?? '');
process.send?.(reply, () => process.disconnect?.());
