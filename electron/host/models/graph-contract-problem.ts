/**
 * The import-time contract check of a pack made of several ONNX graphs (Pocket TTS, Chatterbox Turbo): each
 * graph is inspected (in the model-inspector child, so a hostile file cannot take the host down) and the
 * engine's contract reader says what is wrong with the set, if anything.
 */
import type { ModelSignature } from './model-inspector';

/** Why the graphs do not make the engine's export, or undefined when they do. */
export async function graphContractProblem<G extends string>(
  names: readonly G[],
  graphs: Record<G, { source: string; path: string }>,
  inspect: (absolute: string, shown: string) => Promise<ModelSignature>,
  readContract: (signatures: Record<G, ModelSignature>) => object | string,
): Promise<string | undefined> {
  const signatures = {} as Record<G, ModelSignature>;
  for (const graph of names) signatures[graph] = await inspect(graphs[graph].source, graphs[graph].path);
  const contract = readContract(signatures);
  return typeof contract === 'string' ? contract : undefined;
}
