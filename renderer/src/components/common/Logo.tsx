/**
 * The Roundtable mark: three voices around a table. One file (renderer/public/mark.svg) is both this logo
 * and the window's icon; it resolves beside index.html under app:// and in serve mode alike.
 */
export function Logo({ size = 22 }: { size?: number }) {
  return <img src="./mark.svg" width={size} height={size} alt="" aria-hidden="true" className="logo" />;
}
