/**
 * One labelled text field of the Engines dialog's add forms (URL engine and sidecar): what the user types
 * is kept as typed (numbers too) and checked by the host, which names the field in its message.
 */
interface Props {
  label: string;
  testId: string;
  value: string;
  placeholder: string;
  help?: string;
  /** Paths and command lines: monospaced. */
  mono?: boolean;
  numeric?: boolean;
  /** A command line: a textarea that wraps instead of scrolling out of sight. */
  multiline?: boolean;
  wide?: boolean;
  onChange(value: string): void;
}

export function EngineTextField(props: Props) {
  const common = {
    'data-testid': props.testId,
    value: props.value,
    placeholder: props.placeholder,
    spellCheck: false,
    autoComplete: 'off',
  };
  return (
    <label className={`field engines__field${props.wide ? ' engines__field--wide' : ''}`}>
      <span className="field__label">{props.label}</span>
      {props.multiline ? (
        <textarea
          {...common}
          className="textarea mono engines__command"
          rows={2}
          onChange={(e) => props.onChange(e.target.value)}
        />
      ) : (
        <input
          {...common}
          className={`input${props.mono ? ' mono' : ''}`}
          inputMode={props.numeric ? 'numeric' : undefined}
          onChange={(e) => props.onChange(e.target.value)}
        />
      )}
      {props.help ? <span className="field__help">{props.help}</span> : null}
    </label>
  );
}
