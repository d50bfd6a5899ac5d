/** The Roundtable mark: three voices around a table. */
export function Logo({ size = 22 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" className="logo">
      <circle cx="16" cy="16" r="15" fill="#1b1f24" stroke="#353c46" />
      <circle cx="16" cy="16" r="6.5" fill="none" stroke="#f5a524" strokeWidth="2.2" />
      <circle cx="16" cy="5.5" r="2.6" fill="#4fb3ff" />
      <circle cx="25.1" cy="21.2" r="2.6" fill="#ffb457" />
      <circle cx="6.9" cy="21.2" r="2.6" fill="#c387ff" />
    </svg>
  );
}
