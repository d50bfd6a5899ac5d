/**
 * `--loudness -18` is how everyone writes a loudness target, but node:util's parseArgs reads `-18` as an
 * option and refuses ("argument is ambiguous"). Before parsing, a string option followed by a negative
 * number is joined into `--loudness=-18`; anything else is left for parseArgs to judge.
 */
type OptionSpecs = Readonly<Record<string, { type: 'string' | 'boolean'; short?: string }>>;

const NEGATIVE_NUMBER = /^-(\d+(\.\d*)?|\.\d+)$/;

export function joinNegativeValues(args: readonly string[], options: OptionSpecs): string[] {
  const takesValue = new Set<string>();
  for (const [name, spec] of Object.entries(options)) {
    if (spec.type !== 'string') continue;
    takesValue.add(`--${name}`);
    if (spec.short) takesValue.add(`-${spec.short}`);
  }
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') {
      joined.push(...args.slice(i));
      break;
    }
    const next = args[i + 1];
    if (takesValue.has(arg) && next !== undefined && NEGATIVE_NUMBER.test(next)) {
      joined.push(arg.startsWith('--') ? `${arg}=${next}` : `${arg}${next}`);
      i++;
    } else {
      joined.push(arg);
    }
  }
  return joined;
}
