/** A row of mutually exclusive choices (a radio group drawn as one control). */
import './common.css';

interface Props<T extends string> {
  label: string;
  options: ReadonlyArray<readonly [value: T, text: string]>;
  value: T;
  onChange(value: T): void;
  /** Each choice gets `data-testid="<testIdPrefix><value>"`. */
  testIdPrefix: string;
}

export function Segmented<T extends string>({ label, options, value, onChange, testIdPrefix }: Props<T>) {
  return (
    <div className="segmented" role="radiogroup" aria-label={label}>
      {options.map(([option, text]) => (
        <button
          key={option}
          type="button"
          role="radio"
          aria-checked={value === option}
          data-testid={`${testIdPrefix}${option}`}
          className={`segmented__item ${value === option ? 'segmented__item--on' : ''}`}
          onClick={() => onChange(option)}
        >
          {text}
        </button>
      ))}
    </div>
  );
}
